package config

import (
	"reflect"
	"testing"
)

func TestExampleYAMLParses(t *testing.T) {
	apps, err := Parse("example", []byte(ExampleYAML))
	if err != nil {
		t.Fatalf("ExampleYAML does not parse:\n%v", err)
	}
	want := []App{{
		Name:   "my-app",
		Source: Source{Image: Image{Repository: "ghcr.io/my-org/my-app", Tag: "1.0.0"}},
		Domains: []Domain{
			{Domain: "my-app.example.com", Aliases: []string{"www.my-app.example.com"}},
			{Domain: "api.my-app.example.com"},
		},
		ACMEEmail:         "ops@example.com",
		ACMEChallenge:     "http-01",
		Env:               []EnvVar{{Name: "LOG_LEVEL", Value: "info"}, {Name: "DATABASE_URL", SecretName: "my-app-database-url"}},
		DeploymentsToKeep: 5,
		Port:              "8080",
		Replicas:          2,
		Volumes:           []string{"my-app-data:/var/lib/my-app"},
		HealthCheckPath:   "/healthz",
		HealthTimeout:     Duration(DefaultHealthTimeout),
		DrainTimeout:      Duration(DefaultDrainTimeout),
		StopGracePeriod:   Duration(DefaultStopGracePeriod),
		Update:            Update{Parallelism: 1, Order: OrderStartFirst, FailureAction: FailureRollback},
		PreDeploy:         []string{"./scripts/build.sh"},
		PostDeploy:        []string{"./scripts/notify.sh"},
	}}
	if !reflect.DeepEqual(apps, want) {
		t.Errorf("ExampleYAML =\n%#v\nwant\n%#v", apps, want)
	}
}

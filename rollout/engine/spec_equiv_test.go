package engine_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/haloydev/haloy/rollout/spec"
)

// TestDeploySpecMatchesComposePath checks that a deploy's containers (built
// by spec, without compose-go) get the same Docker API create options as
// the same replica built from rollout/project's Compose project, labels and
// config hash included: the path deploys took before spec existed.
func TestDeploySpecMatchesComposePath(t *testing.T) {
	app := config.App{Name: "blog", Replicas: 3,
		Source:          config.Source{Image: config.Image{Repository: "registry.example.com/blog", Tag: "2"}},
		Domains:         []config.Domain{{Domain: "blog.example.com", Aliases: []string{"www.blog.example.com"}}},
		Env:             []config.EnvVar{{Name: "B", Value: "2"}, {Name: "A", Value: "$1"}, {Name: "TOKEN", SecretName: "tok"}},
		Volumes:         []string{"uploads:/u", "./conf:/etc/blog:ro", "/srv/cache:/cache:z", "data:/d:nocopy"},
		StopGracePeriod: config.Duration(42 * time.Second),
	}
	app.ApplyDefaults()
	opts := spec.Options{DeploymentID: "20261202120000", ConfigFile: "/srv/blog/haloy.yaml", Env: map[string]string{"TOKEN": "s3cret"}}
	svc, err := spec.FromApp(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	svc.ImageID = "sha256:abc"
	p, err := project.FromApp(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	csvc := p.Services[app.Name]
	csvc.CustomLabels = map[string]string{project.ImageLabel: "sha256:abc"}
	extra := map[string]string{labels.Rollout: labels.RolloutStartFirst, labels.Replaces: "blog-20261201000000-2"}
	for n := 1; n <= 3; n++ {
		name := spec.ContainerName(app.Name, opts.DeploymentID, n)
		s, c := svc, csvc
		if n == 2 { // a replica of a batched update carries what it replaces
			s = svc.WithLabels(extra)
			c.Labels = s.Labels
		}
		got, err := engine.APISpec(s.Container(n, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := engine.APISpec(project.ContainerSpec(p, c, n, name))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("replica %d:\n spec    %+v\n%+v\n compose %+v\n%+v", n, got.Config, got.HostConfig, want.Config, want.HostConfig)
		}
		if got.Config.Labels[project.ConfigHashLabel] == "" {
			t.Errorf("replica %d has no config hash", n)
		}
	}
}

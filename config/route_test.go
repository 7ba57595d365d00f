package config

import (
	"reflect"
	"testing"

	"github.com/haloydev/haloy/labels"
)

func TestRoute(t *testing.T) {
	a := App{
		Name:            "web",
		Domains:         []Domain{{Domain: "example.com", Aliases: []string{"www.example.com"}}, {Domain: "api.example.com"}},
		ACMEEmail:       "ops@example.com",
		ACMEChallenge:   labels.ChallengeTLSALPN01,
		Port:            "8080",
		HealthCheckPath: "/up",
	}
	want := labels.Route{
		AppName: "web", DeploymentID: "20240102150405", Port: "8080", HealthCheckPath: "/up", ACMEEmail: "ops@example.com",
		ACMEChallenge: labels.ChallengeTLSALPN01,
		Domains:       []labels.Domain{{Canonical: "example.com", Aliases: []string{"www.example.com"}}, {Canonical: "api.example.com"}},
	}
	got := a.Route("20240102150405")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Route =\n%#v\nwant\n%#v", got, want)
	}
	got.Domains[0].Aliases[0] = "changed.example.com"
	if a.Domains[0].Aliases[0] != "www.example.com" {
		t.Error("Route shares the aliases slice with the App")
	}
}

// TestRouteOfValidAppDecodes checks that every app Parse accepts gives
// labels the sidecar accepts and reads back to the same route.
func TestRouteOfValidAppDecodes(t *testing.T) {
	for _, file := range []string{"testdata/valid-minimal.yaml", "testdata/valid-full.yaml", "testdata/valid-apps.yaml"} {
		apps, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			r := a.Route("20240102150405")
			got, err := labels.Decode(labels.Encode(r))
			if err != nil {
				t.Errorf("%s app %s: labels do not decode: %v", file, a.Name, err)
				continue
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("%s app %s: decoded %#v, want %#v", file, a.Name, got, r)
			}
		}
	}
}

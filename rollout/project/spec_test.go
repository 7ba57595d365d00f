package project

import (
	"reflect"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/format"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/spec"
)

// volumeSpecs are short volume specs, usual and odd, that spec.ParseVolume
// must parse as compose-go does.
var volumeSpecs = []string{
	"data:/var/lib/app", "data:/var/lib/app:ro", "data:/x:rw", "data:/x:nocopy", "data:/x:ro,nocopy",
	"/srv/x:/x", "/srv/x:/x:ro,z", "/srv/x:/x:Z", "/srv/x:/x:rshared", "/srv/x:/x:slave,ro",
	"./conf:/etc/app:ro", "../shared:/shared", "~/d:/d", `\\pipe\x:/x`, "C:/data:/data", "c:\\d:/d",
	"data:/x:z", "data:/x:unknown", "/src:/x:nocopy", "${HOME}/x:/x", "${A:-b}:/x:ro", "data:/x${",
	"/only-target", "a", "ab", "data:/b:ro:extra", "data::/x", ":/x", "data:", "é:/x", "data:/x:ro,,rw",
}

func TestParseVolumeAgreesWithCompose(t *testing.T) {
	for _, s := range volumeSpecs {
		t.Run(s, func(t *testing.T) {
			want, werr := format.ParseVolume(s)
			got, gerr := spec.ParseVolume(s)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("errors differ: compose-go %v, spec %v", werr, gerr)
			}
			if werr != nil {
				if werr.Error() != gerr.Error() {
					t.Errorf("error = %q, compose-go says %q", gerr, werr)
				}
				return
			}
			if c := composeVolume(got); !reflect.DeepEqual(c, want) {
				t.Errorf("got %+v (bind %+v, volume %+v)\nwant %+v (bind %+v, volume %+v)", c, c.Bind, c.Volume, want, want.Bind, want.Volume)
			}
		})
	}
}

// TestConfigHashAgreesWithCompose checks spec's compose-go-free hash
// against compose-go's marshalling of the same service, so containers the
// sidecar's API creates carry the config hash Compose computes.
func TestConfigHashAgreesWithCompose(t *testing.T) {
	var apps []config.App
	for _, c := range goldenCases {
		apps = append(apps, loadApp(t, c.dir))
	}
	odd := config.App{Name: "odd", Source: config.Source{Image: config.Image{Repository: "r/odd", Tag: "1"}},
		Domains: []config.Domain{{Domain: "odd.example.com"}}, Port: "80", HealthCheckPath: "/", Replicas: 2,
		StopGracePeriod: config.Duration(90 * time.Second),
		Env:             []config.EnvVar{{Name: "Q", Value: `"quoted" <&> $x`}, {Name: "EMPTY"}},
	}
	for _, s := range volumeSpecs {
		if _, err := spec.ParseVolume(s); err == nil && s != "a" && s != "ab" {
			odd.Volumes = append(odd.Volumes, s)
		}
	}
	odd.Volumes = filterValid(t, odd.Volumes)
	apps = append(apps, odd, config.App{Name: "bare", Source: config.Source{Image: config.Image{Repository: "r/bare"}}})
	for _, app := range apps {
		for _, opts := range []spec.Options{{WorkingDir: "/w"}, {DeploymentID: "20261130120000", WorkingDir: "/w", OmitSecrets: true}} {
			opts.Env = map[string]string{}
			for _, v := range app.Env {
				opts.Env[v.Name] = "resolved " + v.Name
			}
			s, err := spec.FromApp(app, opts)
			if err != nil {
				t.Fatalf("%s: %v", app.Name, err)
			}
			for _, svc := range []spec.Service{s, s.WithLabels(map[string]string{labels.Rollout: labels.RolloutStartFirst, labels.Replaces: "a-1,a-2"})} {
				want, err := ConfigHash(service(svc))
				if err != nil {
					t.Fatal(err)
				}
				if got := svc.ConfigHash(); got != want {
					t.Errorf("%s %+v: hash %s, compose-go's %s", app.Name, opts, got, want)
				}
			}
		}
	}
}

// filterValid keeps the specs FromApp accepts with working dir /w.
func filterValid(t *testing.T, specs []string) []string {
	t.Helper()
	var out []string
	for _, s := range specs {
		app := config.App{Name: "v", Source: config.Source{Image: config.Image{Repository: "r"}}, Volumes: []string{s}}
		if _, err := spec.FromApp(app, spec.Options{WorkingDir: "/w"}); err == nil {
			out = append(out, s)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d usable volume specs: %v", len(out), out)
	}
	return out
}

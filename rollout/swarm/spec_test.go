package swarm

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

var update = flag.Bool("update", false, "rewrite the golden service.json files")

// specCase is one testdata/<dir>: haloy.yaml in, service.json (the Swarm
// service spec as the Engine API receives it) out.
type specCase struct {
	dir  string
	opts SpecOptions
}

var specCases = []specCase{
	{dir: "minimal", opts: SpecOptions{DeploymentID: "20261202040000", ConfigFile: "/srv/hello/haloy.yaml"}},
	{dir: "full", opts: SpecOptions{
		DeploymentID: "20261130120000",
		Image:        "registry.example.com/team/blog:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		ConfigFile:   "/srv/blog/haloy.yaml",
		Env:          map[string]string{"DATABASE_URL": "postgres://blog:s3cr$t@db/blog"},
	}},
}

func TestSpecGolden(t *testing.T) {
	for _, c := range specCases {
		t.Run(c.dir, func(t *testing.T) {
			spec, err := Spec(loadApp(t, c.dir), c.opts)
			if err != nil {
				t.Fatalf("Spec: %v", err)
			}
			got, err := json.MarshalIndent(spec, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", c.dir, "service.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the output (run with -update if the change is intended)\n--- got\n%s", path, got)
			}
		})
	}
}

// TestSpecLabelsMatchRoute checks that the service and its container spec
// carry exactly the labels the route encodes, so the sidecar decodes a
// task as it decodes a container of the Compose projection.
func TestSpecLabelsMatchRoute(t *testing.T) {
	app := loadApp(t, "full")
	spec, err := Spec(app, SpecOptions{DeploymentID: "20261130120000", ConfigFile: "/srv/blog/haloy.yaml", Env: map[string]string{"DATABASE_URL": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	want := labels.Encode(app.Route("20261130120000"))
	for name, got := range map[string]map[string]string{"service": spec.Labels, "container spec": spec.TaskTemplate.ContainerSpec.Labels} {
		if len(got) != len(want) {
			t.Errorf("%s has %d labels, want %d: %v", name, len(got), len(want), got)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s label %s = %q, want %q", name, k, got[k], v)
			}
		}
	}
	if spec.Name != "blog-20261130120000" {
		t.Errorf("service name %q", spec.Name)
	}
}

func TestSpecRefuses(t *testing.T) {
	app := loadApp(t, "full")
	cases := map[string]struct {
		app  config.App
		opts SpecOptions
	}{
		"missing secret":    {app, SpecOptions{DeploymentID: "20261130120000"}},
		"bad deployment":    {app, SpecOptions{DeploymentID: "yesterday", Env: map[string]string{"DATABASE_URL": "x"}}},
		"bad app name":      {config.App{Name: "Bad Name", Source: app.Source}, SpecOptions{DeploymentID: "20261130120000"}},
		"no repository":     {config.App{Name: "x"}, SpecOptions{DeploymentID: "20261130120000"}},
		"negative replicas": {config.App{Name: "x", Source: app.Source, Replicas: -1}, SpecOptions{DeploymentID: "20261130120000"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Spec(c.app, c.opts); err == nil {
				t.Fatal("Spec accepted it")
			}
		})
	}
}

// loadApp decodes testdata/<dir>/haloy.yaml strictly into a config.App.
func loadApp(t *testing.T, dir string) config.App {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", dir, "haloy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var app config.App
	if err := dec.Decode(&app); err != nil {
		t.Fatalf("decoding %s/haloy.yaml: %v", dir, err)
	}
	return app
}

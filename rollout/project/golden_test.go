package project

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/haloydev/haloy/config"
)

var update = flag.Bool("update", false, "rewrite the golden compose.yaml files")

// goldenCase is one testdata/<dir>: haloy.yaml in, compose.yaml out.
type goldenCase struct {
	dir  string
	opts Options
}

var goldenCases = []goldenCase{
	{dir: "minimal", opts: Options{
		WorkingDir: "/srv/hello",
		ConfigFile: "/srv/hello/haloy.yaml",
	}},
	{dir: "full", opts: Options{
		DeploymentID: "20261130120000",
		ConfigFile:   "/srv/blog/haloy.yaml",
		Env:          map[string]string{"DATABASE_URL": "postgres://blog:s3cr$t@db/blog"},
	}},
	{dir: "secrets-redacted", opts: Options{
		DeploymentID:  "20261130120500",
		WorkingDir:    "/srv/api",
		ConfigFile:    "/srv/api/haloy.yaml",
		RedactSecrets: true,
	}},
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.dir, func(t *testing.T) {
			got := renderCase(t, c)
			path := filepath.Join("testdata", c.dir, "compose.yaml")
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

func renderCase(t *testing.T, c goldenCase) []byte {
	t.Helper()
	p, err := FromApp(loadApp(t, c.dir), c.opts)
	if err != nil {
		t.Fatalf("FromApp: %v", err)
	}
	out, err := YAML(p)
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	return out
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

package project

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
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
	{dir: "secrets-omitted", opts: Options{
		DeploymentID: "20261130120500",
		WorkingDir:   "/srv/api",
		ConfigFile:   "/srv/api/haloy.yaml",
		OmitSecrets:  true,
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
	out, err := YAML(projectOf(t, c))
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	return out
}

// projectOf builds the case's project.
func projectOf(t *testing.T, c goldenCase) *types.Project {
	t.Helper()
	p, err := FromApp(loadApp(t, c.dir), c.opts)
	if err != nil {
		t.Fatalf("FromApp: %v", err)
	}
	return p
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

// TestGoldenComposeV1 renders every case for docker-compose 1.29 and,
// where Debian's docker-compose is installed (CI installs it), has it
// check the file.
func TestGoldenComposeV1(t *testing.T) {
	compose, _ := exec.LookPath("docker-compose")
	for _, c := range goldenCases {
		t.Run(c.dir, func(t *testing.T) {
			p := projectOf(t, c)
			got, err := ComposeV1YAML(p)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.dir, "compose-v1.yaml")
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
			if compose == "" {
				t.Log("docker-compose (1.29) not installed: the file is not checked by it")
				return
			}
			cmd := exec.Command(compose, "-p", p.Name, "-f", path, "config", "-q")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("docker-compose 1.29 refuses %s: %v\n%s", path, err, out)
			}
		})
	}
}

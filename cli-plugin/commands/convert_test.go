package commands

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
)

const twoApps = `apps:
  - name: web
    source:
      image:
        repository: ghcr.io/acme/web
        tag: v1
    domains: [web.example.com]
    env:
      - name: MODE
        value: production
      - name: DB_PASSWORD
        secretName: db-password
  - name: api
    source:
      image:
        repository: ghcr.io/acme/api
        tag: v2
    domains: [api.example.com]
    replicas: 2
`

func TestConvertOneProjectPerApp(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "haloy.yaml")
	if err := os.WriteFile(file, []byte(twoApps), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "convert", file); err == nil || !strings.Contains(err.Error(), "--app NAME") {
		t.Fatalf("convert of two apps to standard output: %v, want an error naming --app", err)
	}
	out, err := runCLI(t, "convert", file, "--app", "web")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "<secret:") || strings.Contains(out, "DB_PASSWORD:") || !strings.Contains(out, "#   DB_PASSWORD (secret db-password)") {
		t.Errorf("secret not left out with a comment:\n%s", out)
	}
	if strings.Contains(out, "api.example.com") {
		t.Errorf("--app web printed the other app too:\n%s", out)
	}

	for _, v1 := range []bool{false, true} {
		outDir := filepath.Join(dir, map[bool]string{false: "v2", true: "v1"}[v1])
		args := []string{"convert", file, "--output-dir", outDir}
		if v1 {
			args = append(args, "--compose-v1")
		}
		if out, err := runCLI(t, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		for _, app := range []string{"web", "api"} {
			path := filepath.Join(outDir, app+".compose.yaml")
			if v1 {
				checkComposeV1(t, app, path)
			} else {
				checkCompose(t, app, path)
			}
		}
	}
}

// checkCompose loads path as Compose does and checks it is app's project.
func checkCompose(t *testing.T, app, path string) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{path}, cli.WithOsEnv, cli.WithName(""))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	if p.Name != app || len(p.Services) != 1 {
		t.Errorf("%s: project %q with %d services, want %q with one", path, p.Name, len(p.Services), app)
	}
}

// checkComposeV1 has Debian's docker-compose 1.29 validate path, where
// it is installed (CI installs it).
func checkComposeV1(t *testing.T, app, path string) {
	t.Helper()
	compose, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Log("docker-compose (1.29) not installed: the --compose-v1 file is not checked by it")
		return
	}
	out, err := exec.Command(compose, "-p", app, "-f", path, "config", "--services").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != app {
		t.Errorf("docker-compose 1.29 on %s: %v\n%s", path, err, out)
	}
}

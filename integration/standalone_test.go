package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// standaloneYAML is the app the standalone client deploys: its preDeploy
// hook records the deployment id it was given.
const standaloneYAML = `name: stdzd
source:
  image:
    repository: haloy/testapp-hc
    tag: %s
domains:
  - stdzd.example.test
preDeploy:
  - echo "$HALOY_DEPLOYMENT_ID" > pre.txt
`

// TestStandaloneClientThroughHAProxy builds the standalone `haloy`,
// checks that `go version -m` lists no Docker client and no compose-go,
// then deploys, lists, rolls back and stops an app with it through the
// API domain HAProxy routes, as a user without Docker access would (HAProxy
// is its HTTP proxy, so no name is resolved): the same commands and
// output as docker haloy's.
func TestStandaloneClientThroughHAProxy(t *testing.T) {
	requireEngine(t)
	bin := filepath.Join(t.TempDir(), "haloy")
	build := exec.Command("go", "build", "-o", bin, "./cli-plugin/remote/cmd/haloy")
	build.Dir = env.root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the standalone client: %v\n%s", err, out)
	}
	mods, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	for _, bad := range []string{"github.com/moby/", "github.com/docker/cli", "github.com/docker/docker", "github.com/compose-spec/"} {
		if bytes.Contains(mods, []byte(bad)) {
			t.Errorf("the standalone client links %s:\n%s", bad, mods)
		}
	}

	haloy(t, append(env.initArgs, "--api-domain", apiDomain)...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	t.Cleanup(func() { runHaloy("stop", "stdzd") })
	token := strings.TrimSpace(haloy(t, "api", "token"))
	dir := t.TempDir()
	run := func(args ...string) (string, string, error) {
		cmd := exec.Command(bin, append([]string{"--server", "http://" + apiDomain, "--allow-http"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HALOY_API_TOKEN="+token, "HALOY_CONFIG_DIR="+filepath.Join(dir, "config"),
			fmt.Sprintf("HTTP_PROXY=http://127.0.0.1:%d", env.httpPort), "http_proxy=", "NO_PROXY=", "no_proxy=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, err := run(args...)
		if err != nil {
			t.Fatalf("haloy %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out
	}
	eventually(t, 30*time.Second, "the standalone client reaches the API through HAProxy", func() error {
		out, _, err := run("version", "--format", "json")
		var r struct {
			Sidecar struct{ Version, Error string }
		}
		if err != nil || json.Unmarshal([]byte(out), &r) != nil || r.Sidecar.Error != "" || r.Sidecar.Version == "" {
			return fmt.Errorf("version: %v %s", err, out)
		}
		return nil
	})

	file := filepath.Join(dir, "haloy.yaml")
	writeFile(t, file, fmt.Sprintf(standaloneYAML, "v1"))
	var res struct {
		Apps []struct{ Name, DeploymentID string }
	}
	if out := must("deploy", file, "--timeout", "1m", "--format", "json"); json.Unmarshal([]byte(out), &res) != nil || len(res.Apps) != 1 {
		t.Fatalf("deploy --format json printed %q, want the deploy document", out)
	}
	v1 := res.Apps[0].DeploymentID
	if pre, _ := os.ReadFile(filepath.Join(dir, "pre.txt")); strings.TrimSpace(string(pre)) != v1 {
		t.Errorf("preDeploy saw HALOY_DEPLOYMENT_ID %q, want the new deployment's %s", pre, v1)
	}
	assertStandaloneServing(t, "after the standalone deploy of v1", "v1")
	writeFile(t, file, fmt.Sprintf(standaloneYAML, "v2"))
	v2 := strings.TrimSpace(must("deploy", file, "--timeout", "1m", "-q"))
	assertStandaloneServing(t, "after the standalone deploy of v2", "v2")

	var targets []struct {
		ID      string
		Current bool
	}
	if out := must("rollback", "stdzd", "--format", "json"); json.Unmarshal([]byte(out), &targets) != nil || len(targets) != 2 || targets[0].ID != v2 || !targets[0].Current || targets[1].ID != v1 {
		t.Errorf("rollback stdzd --format json = %q, want %s (current) then %s", out, v2, v1)
	}
	got, want := must("status", "stdzd"), haloy(t, "status", "stdzd")
	if firstLine(got) != firstLine(want) || !strings.Contains(got, "stdzd  "+v2+"  serving") {
		t.Errorf("haloy status printed\n%s\ndocker haloy status printed\n%s", got, want)
	}
	if out := must("rollback", "stdzd", v1, "--timeout", "1m"); !strings.Contains(out, "(a copy of "+v1+") is serving") {
		t.Errorf("rollback printed %q", out)
	}
	assertStandaloneServing(t, "after the standalone rollback", "v1")
	if _, errOut, err := run("domains"); err == nil || !strings.Contains(errOut, "docker haloy domains") {
		t.Errorf("haloy domains: %v %q, want a failure naming docker haloy domains", err, errOut)
	}
	waitRetired(t, "stdzd", 1)
	if out := must("stop", "stdzd"); out != "stdzd: drained, stopped and removed 1 container(s)\n" {
		t.Errorf("stop printed %q", out)
	}
}

// assertStandaloneServing checks that stdzd answers with version want.
func assertStandaloneServing(t *testing.T, step, want string) {
	t.Helper()
	for range 10 {
		if code, body, _ := get(t, "http://stdzd.example.test/"); code != 200 || field(body, "version") != want {
			t.Fatalf("%s: GET = %d %q, want version %s", step, code, body, want)
		}
	}
}

// firstLine is s's first line.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

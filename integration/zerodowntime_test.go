package integration

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/rollout/faststart"
	"github.com/moby/moby/client/pkg/versions"
)

// zdApp is a 3-replica app whose image has a Docker HEALTHCHECK.
func zdApp(image, tag string) string {
	return fmt.Sprintf(`name: zd
source:
  image:
    repository: %s
    tag: %s
domains:
  - zd.example.test
replicas: 3
healthCheckPath: /healthz
`, image, tag)
}

// TestZeroDowntimeDeploys deploys v1, v2, v3, rolls back to v1, fails to
// deploy an unhealthy v4 and deploys a slow-starting v5, all under
// continuous load through HAProxy: no request may fail, the right version
// must serve after each step, and no step after the first may reload HAProxy.
func TestZeroDowntimeDeploys(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:slow", "--healthcheck", "APP_VERSION=v5", "START_DELAY=3s")
	dir := t.TempDir()
	deploy := func(image, tag string) (string, error) {
		file := filepath.Join(dir, "haloy.yaml")
		writeFile(t, file, zdApp(image, tag))
		return runHaloy("deploy", file)
	}
	if out, err := deploy("haloy/testapp-hc", "v1"); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "zd") })
	v1 := sidecarStatus(t).Apps[appIndex(t, "zd")].Serving
	reloadsBefore := haproxyReloads(t)

	load := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpPort), Host: "zd.example.test", KeepAlive: 20, FreshPerSecond: 20})
	steps := []struct {
		name, tag, want string
		fail            bool
	}{
		{"deploy v2", "v2", "v2", false},
		{"deploy v3", "v3", "v3", false},
		{"rollback to v1", "", "v1", false},
		{"unhealthy v4", "unhealthy", "v1", true},
		{"slow-starting v5", "slow", "v5", false},
	}
	for _, s := range steps {
		var out string
		var err error
		if s.tag == "" {
			out, err = runHaloy("rollback", "zd", v1)
		} else {
			out, err = deploy("haloy/testapp-hc", s.tag)
		}
		if s.fail != (err != nil) {
			load.Stop()
			t.Fatalf("%s: err = %v, want failure=%v\n%s", s.name, err, s.fail, out)
		}
		if s.fail && (!strings.Contains(out, "did not become healthy") || !strings.Contains(out, "log lines")) {
			t.Errorf("%s: output lacks the reason and the container's logs:\n%s", s.name, out)
		}
		assertServing(t, s.name, s.want)
		t.Logf("%s: %s", s.name, load.Snapshot())
	}
	res := load.Stop()
	t.Logf("under load: %s", res)
	if res.Failures != 0 {
		t.Errorf("%d of %d requests failed during deploys: %v", res.Failures, res.Requests, res.Errors)
	}
	if got := haproxyReloads(t) - reloadsBefore; got != 0 {
		t.Errorf("HAProxy reloaded %d times for deploys of an existing app, want 0", got)
	}
	requireStartInterval(t, "zd")
}

// requireStartInterval checks the HEALTHCHECK start interval of app's
// replicas: on an engine with API >= 1.44 the deploy gives them one (the
// image sets none), on older engines nothing.
func requireStartInterval(t *testing.T, app string) {
	t.Helper()
	api := strings.TrimSpace(docker(t, "version", "--format", "{{.Server.APIVersion}}"))
	want := "0s"
	if versions.GreaterThanOrEqualTo(api, faststart.MinAPI) {
		want = faststart.StartInterval.String()
	}
	names := strings.Fields(docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName="+app))
	if len(names) == 0 {
		t.Fatalf("no running replica of %s", app)
	}
	for _, id := range names {
		out, err := exec.Command("docker", "inspect", "-f", "{{json .Config.Healthcheck.StartInterval}}", id).CombinedOutput()
		if err != nil && strings.Contains(string(out), "No such object") {
			continue // an old replica the sidecar removed since docker ps listed it
		} else if err != nil {
			t.Fatalf("docker inspect %s: %v\n%s", id, err, out)
		}
		ns := strings.TrimSpace(string(out))
		if got, _ := time.ParseDuration(ns + "ns"); got.String() != want {
			t.Errorf("engine API %s: replica %s has HEALTHCHECK start interval %s, want %s", api, id[:12], got, want)
		}
	}
}

// assertServing checks that 20 requests in a row get version want.
func assertServing(t *testing.T, step, want string) {
	t.Helper()
	for range 20 {
		code, body, _ := get(t, "http://zd.example.test/")
		if code != 200 || field(body, "version") != want {
			t.Fatalf("%s: GET = %d %q, want version %s", step, code, body, want)
		}
	}
}

func appIndex(t *testing.T, name string) int {
	t.Helper()
	for i, a := range sidecarStatus(t).Apps {
		if a.Name == name {
			return i
		}
	}
	t.Fatalf("app %s not in the sidecar's status", name)
	return -1
}

// haproxyReloads is HAProxy's own count of reloads, from its master socket.
func haproxyReloads(t *testing.T) int {
	t.Helper()
	return sidecarStatus(t).HAProxy.Reloads
}

// buildTestApp builds one test app image with scripts/build-images.sh.
func buildTestApp(t *testing.T, tag string, args ...string) {
	t.Helper()
	var flags, vars []string
	for _, a := range args {
		if strings.HasPrefix(a, "--") {
			flags = append(flags, a)
		} else {
			vars = append(vars, a)
		}
	}
	cmdArgs := append(append(append([]string{filepath.Join(env.root, "scripts/build-images.sh"), "testapp"}, flags...), tag), vars...)
	if out, err := exec.Command("bash", cmdArgs...).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", tag, err, out)
	}
}

package integration

import (
	"fmt"
	"strings"
	"testing"
)

// TestInitReRunChangesOnlyWhatIsAsked re-runs init under load: a change
// that would replace HAProxy is refused without --yes, a sidecar-only
// change keeps every recorded setting and the HAProxy container, and no
// request fails.
func TestInitReRunChangesOnlyWhatIsAsked(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("initset", "haloy/testapp", "v1", 2)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		runHaloy("stop", "initset")
		if out, err := runHaloy(env.initArgs...); err != nil {
			t.Errorf("restoring the harness's init: %v\n%s", err, out)
		}
	})
	haproxyID := func() string { return strings.TrimSpace(docker(t, "inspect", "-f", "{{.Id}}", "haloy-haproxy")) }
	before := haproxyID()
	load := startLoad("initset.example.test")

	ports, err := freePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	out, err := runHaloy("init", "--metrics-port", fmt.Sprint(ports[0]))
	if exitCode(t, err) == 0 || !strings.Contains(out, "changing --metrics-port") || !strings.Contains(out, "--yes") {
		t.Errorf("init --metrics-port without --yes: %v\n%s\nwant it refused, naming the change and --yes", err, out)
	}
	if haproxyID() != before {
		t.Fatal("a refused init replaced HAProxy")
	}

	out, err = runHaloy("init", "--ingress-node", "node2")
	if exitCode(t, err) == 0 || !strings.Contains(out, "--ingress-node needs a Swarm") || haproxyID() != before {
		t.Errorf("init --ingress-node outside a Swarm: %v\n%s\nwant it refused before anything changes", err, out)
	}

	out = haloy(t, "init", "--acme-email", "changed@example.test")
	if !strings.Contains(out, "changing --acme-email:  -> changed@example.test") || strings.Contains(out, "HAProxy container") {
		t.Errorf("init --acme-email printed:\n%s", out)
	}
	if haproxyID() != before {
		t.Error("a sidecar-only change replaced HAProxy")
	}
	sidecarEnv := docker(t, "inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", "haloy-sidecar")
	if !strings.Contains(sidecarEnv, "HALOY_ACME_EMAIL=changed@example.test") {
		t.Errorf("the sidecar's environment lacks the new e-mail:\n%s", sidecarEnv)
	}
	if out := haloy(t, "init"); !strings.Contains(out, "settings unchanged") || haproxyID() != before {
		t.Errorf("init without flags changed something:\n%s", out)
	}
	stopLoad(t, load, "while init was re-run with a refused HAProxy change and an applied sidecar change")
}

package integration

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestUninstallLeavesNothing refuses to uninstall while a deployed app
// runs, then, after a stop, uninstalls with --volumes --images and checks
// that no container, network, volume or deployment image tag of Haloy
// remains. It installs Haloy again for the tests after it.
func TestUninstallLeavesNothing(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("uninst", "haloy/testapp", "v1", 1)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	var history []struct{ Image string }
	if err := json.Unmarshal([]byte(haloy(t, "rollback", "uninst", "--format", "json")), &history); err != nil || len(history) == 0 {
		t.Fatalf("history: %v %v", history, err)
	}
	tag := history[0].Image
	t.Cleanup(func() {
		runHaloy("stop", "uninst")
		if out, err := runHaloy(env.initArgs...); err != nil {
			t.Fatalf("installing Haloy again: %v\n%s", err, out)
		}
	})

	out, err := runHaloy("uninstall")
	if exitCode(t, err) == 0 || !strings.Contains(out, "docker haloy stop uninst") {
		t.Fatalf("uninstall with a deployed app running: %v\n%s", err, out)
	}
	requireVersion(t, "uninst", "v1") // refused: everything still serves

	haloy(t, "stop", "uninst")
	out = haloy(t, "uninstall", "--volumes", "--images")
	t.Logf("uninstall:\n%s", out)
	for _, want := range []string{"removed container haloy-sidecar", "removed container haloy-haproxy", "removed container haloy-guard",
		"removed network haloy", "removed volume haloy-haproxy", "removed volume haloy-sidecar-data", "removed image tag " + tag, "kept:"} {
		if !strings.Contains(out, want) {
			t.Errorf("uninstall output lacks %q", want)
		}
	}
	for what, args := range map[string][]string{
		"containers of the haloy project": {"ps", "-aq", "--filter", "label=com.docker.compose.project=haloy"},
		"deploy locks":                    {"ps", "-aq", "--filter", "label=dev.haloy.lock"},
		"app containers":                  {"ps", "-aq", "--filter", "label=dev.haloy.appName=uninst"},
		"the haloy network":               {"network", "ls", "-q", "--filter", "name=^haloy$"},
		"haloy volumes":                   {"volume", "ls", "-q", "--filter", "label=com.docker.compose.project=haloy"},
		"volumes named haloy-*":           {"volume", "ls", "-q", "--filter", "name=^haloy-"},
	} {
		if left := strings.TrimSpace(docker(t, args...)); left != "" {
			t.Errorf("%s left behind: %s", what, left)
		}
	}
	if err := exec.Command("docker", "image", "inspect", tag).Run(); err == nil {
		t.Errorf("image tag %s left behind", tag)
	}
	if out, err := runHaloy("uninstall"); err != nil || strings.Contains(out, "removed") {
		t.Errorf("a second uninstall: %v\n%s (want success, nothing removed)", err, out)
	}
}

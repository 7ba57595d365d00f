package integration

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryPruneAndRollbackListing deploys four times with
// deploymentsToKeep: 2: two snapshots stay, the older image tags are gone
// but :latest is not, and a client with another Docker config (as on
// another machine) lists the rollback targets with the current one marked.
func TestHistoryPruneAndRollbackListing(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	var ids []string
	for _, tag := range []string{"v1", "v2", "v3", "v4"} {
		out, err := deployFile(t, dir, appYAML("hist", "haloy/testapp", tag, 1, "deploymentsToKeep: 2\n"))
		if err != nil {
			t.Fatalf("deploy %s: %v\n%s", tag, err, out)
		}
		ids = append(ids, deployedID(t, out))
	}
	t.Cleanup(func() { runHaloy("stop", "hist") })
	for i, id := range ids {
		kept := exec.Command("docker", "image", "inspect", "haloy/testapp:"+id).Run() == nil
		if kept != (i >= 2) {
			t.Errorf("image tag haloy/testapp:%s kept=%v, want %v (deployment %d of 4, keeping 2)", id, kept, i >= 2, i+1)
		}
	}
	docker(t, "image", "inspect", "--format", "{{.Id}}", "haloy/testapp:latest")

	var targets []struct {
		ID      string `json:"id"`
		Image   string `json:"image"`
		Current bool   `json:"current"`
	}
	out := haloyFromOtherMachine(t, "rollback", "hist", "--format", "json")
	if err := json.Unmarshal([]byte(out), &targets); err != nil {
		t.Fatalf("rollback listing is not JSON: %v\n%s", err, out)
	}
	if len(targets) != 2 || targets[0].ID != ids[3] || targets[1].ID != ids[2] || !targets[0].Current || targets[1].Current {
		t.Errorf("rollback targets = %+v, want %s (current) and %s", targets, ids[3], ids[2])
	}
	if len(targets) > 0 && targets[0].Image != "haloy/testapp:"+ids[3] {
		t.Errorf("target image = %s, want haloy/testapp:%s", targets[0].Image, ids[3])
	}
}

// haloyFromOtherMachine runs docker haloy with a fresh Docker config that
// holds nothing but the plugin, as a second client of the engine would.
func haloyFromOtherMachine(t *testing.T, args ...string) string {
	t.Helper()
	other := pluginConfig(t)
	cmd := exec.Command("docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+other, "HOME="+other)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("docker haloy %s from another config: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestHooks checks that a postDeploy hook sees the deployment in its
// environment, and that a failing preDeploy hook stops the deploy before
// any container starts.
func TestHooks(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	post := "postDeploy:\n  - \"env | grep -E '^HALOY_(APP|DEPLOYMENT_ID|IMAGE)=' | sort > hook.env\"\n"
	out, err := deployFile(t, dir, appYAML("hooks", "haloy/testapp", "v1", 1, post))
	if err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "hooks") })
	got, err := os.ReadFile(filepath.Join(dir, "hook.env"))
	if err != nil {
		t.Fatalf("the postDeploy hook did not run in the haloy.yaml's folder: %v", err)
	}
	want := "HALOY_APP=hooks\nHALOY_DEPLOYMENT_ID=" + deployedID(t, out) + "\nHALOY_IMAGE=haloy/testapp:v1\n"
	if string(got) != want {
		t.Errorf("postDeploy hook environment:\n%s\nwant:\n%s", got, want)
	}

	before := appContainers(t, "hooks")
	out, err = deployFile(t, dir, appYAML("hooks", "haloy/testapp", "v2", 1, "preDeploy:\n  - echo checking; exit 3\n"+post))
	if err == nil || !strings.Contains(out, `preDeploy hook "echo checking; exit 3" failed`) {
		t.Fatalf("deploy with a failing preDeploy hook: err = %v, want the hook's failure\n%s", err, out)
	}
	if after := appContainers(t, "hooks"); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("containers changed although preDeploy failed:\nbefore %v\nafter  %v", before, after)
	}
	requireVersion(t, "hooks", "v1")
}

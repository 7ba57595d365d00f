package integration

import (
	"strings"
	"testing"
	"time"
)

// rollingApp is the 3-replica app "roll" updated one replica at a time.
func rollingApp(tag, order string) string {
	return appYAML("roll", "haloy/testapp-hc", tag, 3,
		"healthTimeout: 30s\ndrainTimeout: 10s\nupdate:\n  parallelism: 1\n  order: "+order+"\n")
}

// TestBatchedRollingDeploys replaces a 3-replica app one replica at a time
// under load, start-first and then stop-first, then fails in the second
// batch (its new container is killed while starting) so the update rolls
// back: no request may fail, the right version serves after each step and
// HAProxy never reloads.
func TestBatchedRollingDeploys(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:roll-slow", "--healthcheck", "APP_VERSION=roll-slow", "START_DELAY=2s")
	dir := t.TempDir()
	if out, err := deployFile(t, dir, rollingApp("v1", "start-first")); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "roll") })
	reloads := haproxyReloads(t)
	load := startLoad("roll.example.test")

	for _, step := range []struct{ tag, order string }{{"v2", "start-first"}, {"v3", "stop-first"}} {
		out, err := deployFile(t, dir, rollingApp(step.tag, step.order))
		if err != nil || !strings.Contains(out, "batch 3 of 3") {
			load.Stop()
			t.Fatalf("%s deploy of %s: %v\n%s", step.order, step.tag, err, out)
		}
		requireVersion(t, "roll", step.tag)
		if ids := deploymentIDsOf(t, "roll"); len(ids) != 1 {
			t.Errorf("after the %s deploy of %s: containers of deployments %v, want one deployment", step.order, step.tag, ids)
		}
		t.Logf("%s %s: %s", step.order, step.tag, load.Snapshot())
	}
	v3 := appContainers(t, "roll")

	bg := startHaloy(t, "deploy", writeApp(t, dir, rollingApp("roll-slow", "start-first")))
	killSecondNewReplica(t, v3)
	err := bg.wait(2 * time.Minute)
	out := bg.output()
	if err == nil || !strings.Contains(out, "rolled back") {
		t.Fatalf("deploy with its second new replica killed: err = %v, want a failure that rolled back\n%s", err, out)
	}
	requireVersion(t, "roll", "v3")
	stopLoad(t, load, "during batched rolling deploys and a rolled-back one")
	if ids := deploymentIDsOf(t, "roll"); len(ids) != 1 || running(t, "roll") != 3 {
		t.Errorf("after the rollback: %v, want 3 running containers of deployment v3 only", appContainers(t, "roll"))
	}
	if got := haproxyReloads(t) - reloads; got != 0 {
		t.Errorf("HAProxy reloaded %d times during rolling deploys of an existing app, want 0", got)
	}
}

// writeApp writes dir/haloy.yaml and returns its path.
func writeApp(t *testing.T, dir, content string) string {
	t.Helper()
	file := dir + "/haloy.yaml"
	writeFile(t, file, content)
	return file
}

// killSecondNewReplica waits until replica 2 of a new deployment of "roll"
// (one not among before) runs and kills it while it is still starting.
func killSecondNewReplica(t *testing.T, before []string) {
	t.Helper()
	old := map[string]bool{}
	for _, c := range before {
		old[strings.Split(c, "|")[1]] = true
	}
	eventually(t, time.Minute, "replica 2 of the new deployment running", func() error {
		out := docker(t, "ps", "--filter", "label=dev.haloy.appName=roll", "--filter", "label=com.docker.compose.container-number=2",
			"--format", `{{.Names}} {{.Label "dev.haloy.deployment-id"}}`)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(line); len(f) == 2 && !old[f[1]] {
				docker(t, "kill", f[0])
				return nil
			}
		}
		return errNotYet
	})
}

// running counts app's running containers.
func running(t *testing.T, app string) int {
	t.Helper()
	n := 0
	for _, c := range appContainers(t, app) {
		if strings.HasSuffix(c, "|running") {
			n++
		}
	}
	return n
}

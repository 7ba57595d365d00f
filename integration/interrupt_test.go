package integration

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestInterruptedDeployIsCleanedUp kills the CLI (SIGKILL, docker and the
// plugin) while a never-ready deployment starts under load: no request may
// fail and the old version keeps serving. The next deploy takes over the
// lock at once (its owner process on this host is gone), removes the
// leftovers and succeeds.
func TestInterruptedDeployIsCleanedUp(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:never-ready", "--healthcheck", "APP_VERSION=never", "START_DELAY=10m")
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("intr", "haloy/testapp-hc", "v1", 2)); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "intr") })
	load := startLoad("intr.example.test")

	bg := startHaloy(t, "deploy", writeApp(t, dir, appYAML("intr", "haloy/testapp-hc", "never-ready", 2, "healthTimeout: 5m\n")))
	bg.waitOutput(t, "waiting until they are healthy", time.Minute)
	bg.kill(t)
	docker(t, "inspect", "--format", "{{.Name}}", "haloy-deploy-lock-intr") // the killed deploy left its lock
	if ids := deploymentIDsOf(t, "intr"); len(ids) != 2 {
		t.Fatalf("after the kill: deployments %v, want the serving one and the interrupted one", ids)
	}
	time.Sleep(2 * time.Second)
	requireVersion(t, "intr", "v1")

	start := time.Now()
	out, err := deployFile(t, dir, appYAML("intr", "haloy/testapp-hc", "v2", 2))
	if err != nil {
		t.Fatalf("deploy after the interrupted one: %v\n%s", err, out)
	}
	t.Logf("next deploy took %s:\n%s", time.Since(start).Round(time.Millisecond), out)
	requireVersion(t, "intr", "v2")
	stopLoad(t, load, "while a deploy was killed and the next one cleaned up")
	// The old replicas were handed over: the sidecar removes them.
	waitOnlyDeployment(t, "intr", deployedID(t, out), 2, 30*time.Second)
	if err := exec.Command("docker", "inspect", "haloy-deploy-lock-intr").Run(); err == nil {
		t.Error("the deploy lock is still there after the next deploy finished")
	}
}

// TestConcurrentDeploysOneIsRefused starts two deploys of one app at once:
// exactly one succeeds and the other is refused with a clear message.
func TestConcurrentDeploysOneIsRefused(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:start-3s", "--healthcheck", "APP_VERSION=start-3s", "START_DELAY=3s")
	file := tempFile(t, "haloy.yaml", appYAML("conc", "haloy/testapp-hc", "start-3s", 1))
	t.Cleanup(func() { runHaloy("stop", "conc") })
	a, b := startHaloy(t, "deploy", file), startHaloy(t, "deploy", file)
	errA, errB := a.wait(2*time.Minute), b.wait(2*time.Minute)
	if (errA == nil) == (errB == nil) {
		t.Fatalf("want exactly one deploy to succeed: %v, %v\n--- first:\n%s\n--- second:\n%s", errA, errB, a.output(), b.output())
	}
	t.Logf("first deploy (err %v):\n%s\nsecond deploy (err %v):\n%s", errA, a.output(), errB, b.output())
	refused := b.output()
	if errA != nil {
		refused = a.output()
	}
	if !strings.Contains(refused, "another deploy of this app is in progress") || !strings.Contains(refused, "held by") {
		t.Errorf("the refused deploy does not say why and who holds the lock:\n%s", refused)
	}
	if ids := deploymentIDsOf(t, "conc"); len(ids) != 1 {
		t.Errorf("containers of deployments %v, want one", ids)
	}
	requireVersion(t, "conc", "start-3s")
}

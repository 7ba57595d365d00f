package integration

import (
	"fmt"
	"os/exec"
	"testing"
	"time"
)

// TestFlappingVariantsCostOthersNothing: app B has two current
// deployments with different domains (its newest replica serves
// new.*, the older deployment old.*), and its newest replica flaps
// between ready and not ready, so which deployment serves switches back
// and forth. Meanwhile app A carries keep-alive and fresh-connection load
// and a long-lived stream. A must lose no request, the stream must keep
// flowing, and neither the sidecar nor HAProxy may reload: the switch is
// a serving-map change through the runtime API.
func TestFlappingVariantsCostOthersNothing(t *testing.T) {
	requireEngine(t)
	const steady, oldDomain, newDomain = "varsteady.example.test", "varflap-old.example.test", "varflap-new.example.test"
	now := time.Now().UTC()
	oldID, newID := now.Add(-2*time.Minute).Format("20060102150405"), now.Add(-time.Minute).Format("20060102150405")
	runLabelled(t, "varsteady-1", "varsteady", steady)
	runLabelled(t, "varflap-1", "varflap", oldDomain, "--label", "dev.haloy.deployment-id="+oldID)
	runLabelled(t, "varflap-2", "varflap", newDomain, "--label", "dev.haloy.deployment-id="+newID)
	t.Cleanup(func() { runCmd("docker", "unpause", "varflap-2") })
	waitHosts(t, 30*time.Second, steady, 1)
	waitHosts(t, 30*time.Second, newDomain, 1)
	waitCode(t, oldDomain, 404) // the old deployment drains: its domain is not served

	stream := openStream(t, steady)
	before := sidecarStatus(t)
	load := startLoad(steady)
	flaps := 0
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); flaps++ {
		docker(t, "pause", "varflap-2")
		waitCode(t, oldDomain, 200) // health checks failed: the old deployment serves again
		waitCode(t, newDomain, 404)
		docker(t, "unpause", "varflap-2")
		waitCode(t, newDomain, 200)
		waitCode(t, oldDomain, 404)
	}
	time.Sleep(time.Second)
	res := load.Stop()
	after := sidecarStatus(t)
	stream.assertFlowing(t, fmt.Sprintf("after %d variant switches of another app", 2*flaps))
	t.Logf("%d flaps (%d switches) in 20 s: steady app %s; sidecar reloads %d, runtime applies %d, HAProxy reloads %d",
		flaps, 2*flaps, res, after.Reloads-before.Reloads, after.RuntimeApplies-before.RuntimeApplies, after.HAProxy.Reloads-before.HAProxy.Reloads)
	if flaps < 2 {
		t.Errorf("only %d flaps in 20 s; the test proved little", flaps)
	}
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("the steady app lost %d of %d requests while another app switched deployments: %v", res.Failures, res.Requests, res.Errors)
	}
	if n := after.Reloads - before.Reloads; n != 0 {
		t.Errorf("switching between two deployments with different domains caused %d sidecar reloads, want 0", n)
	}
	if n := after.HAProxy.Reloads - before.HAProxy.Reloads; n != 0 {
		t.Errorf("HAProxy reloaded %d times, want 0", n)
	}
	stream.close(t)
}

// waitCode waits until GET / for domain answers code. The wait allows
// for the sidecar's 30 s resync: an unpause has been seen to reach the
// sidecar only then (its pass right after the event still listed the
// container as paused).
func waitCode(t *testing.T, domain string, code int) {
	t.Helper()
	defer func() {
		if t.Failed() {
			st, _ := runHaloy("status", "--format", "json")
			logs, _ := exec.Command("docker", "logs", "--tail", "40", "haloy-sidecar").CombinedOutput()
			t.Logf("status:\n%s\nsidecar log:\n%s", st, logs)
		}
	}()
	eventually(t, 35*time.Second, fmt.Sprintf("%s answering %d", domain, code), func() error {
		if got, _, _, err := tryGet("http://" + domain + "/"); err != nil || got != code {
			return fmt.Errorf("GET = %d %v", got, err)
		}
		return nil
	})
}

package integration

import (
	"fmt"
	"testing"
	"time"
)

// TestStructuralReloadsLoseNothing forces 20 structural reloads of HAProxy
// (an app with its own domain appears, then goes: a backend and its ACLs
// are added and removed) while keep-alive and fresh-connection load runs
// against another app: no request of any connection may be lost, in any
// of the 20 reloads. The failed/total of every reload is printed.
func TestStructuralReloadsLoseNothing(t *testing.T) {
	requireEngine(t)
	const domain, extra = "reloadsteady.example.test", "reloadextra.example.test"
	runLabelled(t, "reloadsteady-1", "reloadsteady", domain)
	runLabelled(t, "reloadsteady-2", "reloadsteady", domain)
	waitHosts(t, 30*time.Second, domain, 2)
	load := startLoad(domain)
	time.Sleep(500 * time.Millisecond)
	failed := 0
	for i := range 20 {
		before, reloads := load.Snapshot(), haproxyReloads(t)
		if i%2 == 0 {
			docker(t, "run", "-d", "--name", "reloadextra", "--network", "haloy",
				"--label", "dev.haloy.role=app", "--label", "dev.haloy.appName=reloadextra",
				"--label", "dev.haloy.health-check-path=/healthz", "--label", "dev.haloy.domain.0="+extra,
				"haloy/testapp:v1")
			waitHosts(t, 20*time.Second, extra, 1)
		} else {
			docker(t, "rm", "-f", "reloadextra")
		}
		eventually(t, 20*time.Second, "a structural reload", func() error {
			if n := haproxyReloads(t); n <= reloads {
				return fmt.Errorf("reloads still %d", n)
			}
			return nil
		})
		time.Sleep(300 * time.Millisecond) // requests across the old worker's exit
		after := load.Snapshot()
		lost := after.Failures - before.Failures
		t.Logf("reload %2d/20: failed/total %d/%d", i+1, lost, after.Requests-before.Requests)
		if lost > 0 {
			failed++
		}
	}
	runCmd("docker", "rm", "-f", "reloadextra")
	res := load.Stop()
	t.Logf("20 structural reloads: %s", res)
	if res.Failures != 0 {
		t.Errorf("%d of 20 reloads lost requests: %d of %d failed: %v", failed, res.Failures, res.Requests, res.Errors)
	}
}

// TestFlappingAppCostsOthersNothing keeps load (long-lived keep-alive
// connections and fresh ones) on one app while another flaps for 20 s:
// one of its replicas is paused and unpaused (its health checks fail, then
// pass), another is killed and started again, over and over. The steady
// app must lose no request, and the flapping (readiness and replica
// changes only) must not make the sidecar reload HAProxy: those changes go
// through the runtime API.
func TestFlappingAppCostsOthersNothing(t *testing.T) {
	requireEngine(t)
	const domain, flapDomain = "flapsteady.example.test", "flapper.example.test"
	runLabelled(t, "flapsteady-1", "flapsteady", domain)
	runLabelled(t, "flapsteady-2", "flapsteady", domain)
	runLabelled(t, "flapper-1", "flapper", flapDomain)
	runLabelled(t, "flapper-2", "flapper", flapDomain)
	runLabelled(t, "flapper-3", "flapper", flapDomain)
	waitHosts(t, 30*time.Second, domain, 2)
	waitHosts(t, 30*time.Second, flapDomain, 3)
	t.Cleanup(func() { runCmd("docker", "unpause", "flapper-2") })
	before := sidecarStatus(t)
	load := startLoad(domain)
	flaps := 0
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); flaps++ {
		docker(t, "pause", "flapper-2")
		docker(t, "kill", "flapper-3")
		time.Sleep(2500 * time.Millisecond) // health checks fail twice a second apart: down
		docker(t, "unpause", "flapper-2")
		docker(t, "start", "flapper-3")
		time.Sleep(2500 * time.Millisecond)
	}
	time.Sleep(time.Second)
	res := load.Stop()
	after := sidecarStatus(t)
	t.Logf("%d flaps in 20 s: steady app %s; sidecar reloads %d, runtime applies %d, HAProxy reloads %d",
		flaps, res, after.Reloads-before.Reloads, after.RuntimeApplies-before.RuntimeApplies, after.HAProxy.Reloads-before.HAProxy.Reloads)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("the steady app lost %d of %d requests while another app flapped: %v", res.Failures, res.Requests, res.Errors)
	}
	if n := after.Reloads - before.Reloads; n != 0 {
		t.Errorf("flapping readiness and restarts caused %d reloads, want 0 (runtime API only)", n)
	}
	waitHosts(t, 30*time.Second, flapDomain, 3)
}

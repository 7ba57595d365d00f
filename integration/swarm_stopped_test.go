package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// swarmLeavingLimit is how long after Swarm wants a task stopped the
// sidecar must have taken it out of routing: it lists tasks every 250 ms
// while a routed service's tasks change (Swarm sends no task events).
const swarmLeavingLimit = time.Second

// TestSwarmStoppedTasksUnderLoad: under load through node 1, Swarm itself
// stops tasks of a labelled stack service, first by a start-first
// `docker service update --image` to v2 (HEALTHCHECK images), then by a
// scale-down to 2. Haloy cannot delay Swarm's SIGTERM; it takes each task
// out of routing as soon as it sees Swarm wants it stopped, and HAProxy
// retries requests that never reached an app. The test app stops
// accepting on SIGTERM and finishes its in-flight requests, and the load
// is GETs, so no request may fail. It reports, per task, the time from
// Swarm's desired-state change to the sidecar's change in HAProxy.
func TestSwarmStoppedTasksUnderLoad(t *testing.T) {
	c := requireSwarm(t)
	deploySwarmStackOf(t, c, "haloy/testapp-hc:v1")
	v2 := c.Push(t, "haloy/testapp-hc:v2")
	watcher := watchLeavingTasks(t, c, "shop_web")
	load := swarmLoad(c)
	samp := startSampler(c.InitAddr(0), swarmDomain, 3)
	time.Sleep(2 * time.Second)

	updateStart := time.Now()
	c.Docker(t, 0, "service", "update", "--detach=false", "--quiet", "--image", v2,
		"--update-order", "start-first", "--update-monitor", "2s", "shop_web")
	waitSwarmVersion(t, c, "v2", 3)
	t.Logf("service update to v2 (start-first) converged and routed in %s", time.Since(updateStart).Round(100*time.Millisecond))
	time.Sleep(2 * time.Second)

	scaleStart := time.Now()
	c.Docker(t, 0, "service", "scale", "--detach=false", "shop_web=2")
	waitSwarmVersion(t, c, "v2", 2)
	t.Logf("scale-down to 2 converged and routed in %s", time.Since(scaleStart).Round(100*time.Millisecond))
	time.Sleep(2 * time.Second)

	res := load.Stop()
	samples := samp.Stop()
	watcher.Stop()
	passes := sidecarPasses(t, c)
	leaving := watcher.Leaving()
	updated := leavingSince(leaving, updateStart)
	scaled := leavingSince(leaving, scaleStart)
	updated = updated[:len(updated)-len(scaled)]
	upLongest, upMissed := describeLeaving(t, "update", updated, passes)
	scLongest, scMissed := describeLeaving(t, "scale-down", scaled, passes)
	failed, slow, slowest := slowSamples(samples, time.Second)
	logFailedSamples(t, samples)
	t.Logf("desired-state change -> out of routing: update %d tasks, longest %s; scale-down %d task(s), longest %s; %d without a figure",
		len(updated), upLongest.Round(time.Millisecond), len(scaled), scLongest.Round(time.Millisecond), upMissed+scMissed)
	t.Logf("load: %s", res)
	t.Logf("sampler (fresh connections): %d requests, %d failed, %d slower than 1 s, slowest %s",
		len(samples), failed, slow, slowest.Round(time.Millisecond))
	if res.Failures != 0 || failed != 0 {
		t.Errorf("%d of %d load requests and %d sampled requests failed, want 0: the app finishes in-flight requests on SIGTERM "+
			"and HAProxy retries those that never reached it: %v", res.Failures, res.Requests, failed, res.Errors)
	}
	if len(updated) != 3 || len(scaled) != 1 {
		t.Errorf("Swarm stopped %d tasks in the update and %d in the scale-down, want 3 and 1", len(updated), len(scaled))
	}
	if longest := max(upLongest, scLongest); longest > swarmLeavingLimit {
		t.Errorf("a task Swarm stopped stayed in routing %s after the change, want at most %s", longest, swarmLeavingLimit)
	}
}

// waitSwarmVersion waits until the sidecar routes exactly n ready replicas
// of swarmshop and requests through node 1 answer version.
func waitSwarmVersion(t *testing.T, c *swarmCluster, version string, n int) {
	t.Helper()
	client := hostClient(c.InitAddr(0), 5*time.Second)
	eventually(t, 120*time.Second, fmt.Sprintf("%d ready replicas answering %s", n, version), func() error {
		st, err := swarmStatus(c)
		if err != nil {
			return err
		}
		if got := len(readyReplicas(st, "swarmshop")); got != n {
			return fmt.Errorf("%d ready replicas", got)
		}
		id, err := identity(client, swarmDomain)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(id, "version="+version+" ") {
			return fmt.Errorf("answer %q", id)
		}
		return nil
	})
}

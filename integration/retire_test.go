package integration

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/membership"
)

// retiringOf is the sidecar's durable record of app's handed-over containers.
func retiringOf(t *testing.T, app string) map[string]time.Time {
	t.Helper()
	var st membership.State
	out := docker(t, "exec", "haloy-sidecar", "/haloy-sidecar", "membership", "show")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("reading membership: %v\n%s", err, out)
	}
	return st.Apps[app].Retiring
}

// waitOnlyDeployment waits until app's only containers are those of
// deployment id (the retired ones removed) and nothing is recorded as
// retiring any more.
func waitOnlyDeployment(t *testing.T, app, id string, replicas int, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, "only deployment "+id+" of "+app+" left", func() error {
		ids := deploymentIDsOf(t, app)
		if len(ids) != 1 || ids[id] != replicas {
			return fmt.Errorf("containers %v", appContainers(t, app))
		}
		if r := retiringOf(t, app); len(r) != 0 {
			return fmt.Errorf("still recorded as retiring: %v", r)
		}
		return nil
	})
}

// TestDeployHandsRetirementToSidecar deploys twice in a row under load:
// each deploy returns once the old replicas are drained, having handed
// them over to the sidecar, which stops and removes them; the second
// deploy starts while the first one's old replicas may still be retiring
// and takes them over. No request may fail and, in the end, only the last
// deployment's containers are left and nothing is recorded as retiring.
func TestDeployHandsRetirementToSidecar(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("rt", "haloy/testapp-hc", "v1", 3)); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "rt") })
	load := startLoad("rt.example.test")
	var last string
	for _, tag := range []string{"v2", "v3"} {
		start := time.Now()
		out, err := deployFile(t, dir, appYAML("rt", "haloy/testapp-hc", tag, 3))
		if err != nil {
			load.Stop()
			t.Fatalf("deploy %s: %v\n%s", tag, err, out)
		}
		if !strings.Contains(out, "the sidecar stops and removes them") {
			t.Errorf("deploy %s did not hand the old replicas over:\n%s", tag, out)
		}
		last = deployedID(t, out)
		t.Logf("deploy %s returned after %s; containers then: %v", tag, time.Since(start).Round(time.Millisecond), appContainers(t, "rt"))
		requireVersion(t, "rt", tag)
	}
	waitOnlyDeployment(t, "rt", last, 3, 30*time.Second)
	stopLoad(t, load, "during two deploys in a row handing retirement over")
}

// TestRetirementResumesAfterSidecarKill holds a stream open on an old
// replica so that its stop takes its whole stop grace period, kills the
// sidecar while it stops it and leaves the recovery to the guard: the
// restarted sidecar finds the container in its durable record and removes
// it. No request of the load may fail meanwhile.
func TestRetirementResumesAfterSidecarKill(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	extra := "drainTimeout: 1s\nstopGracePeriod: 8s\n"
	if out, err := deployFile(t, dir, appYAML("rk", "haloy/testapp-hc", "v1", 2, extra)); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "rk") })
	openStream(t, "rk.example.test") // keeps one old replica busy past the drain timeout
	time.Sleep(500 * time.Millisecond)
	load := startLoad("rk.example.test")
	out, err := deployFile(t, dir, appYAML("rk", "haloy/testapp-hc", "v2", 2, extra))
	if err != nil {
		load.Stop()
		t.Fatalf("second deploy: %v\n%s", err, out)
	}
	id := deployedID(t, out)
	// The idle old replica may be gone already; the busy one is recorded.
	if recorded := retiringOf(t, "rk"); len(recorded) == 0 {
		t.Errorf("right after the deploy, nothing is recorded as retiring; want the busy old replica")
	}
	time.Sleep(time.Second) // the sidecar has sent the stop; the busy replica waits for its stream
	busyLeft := len(deploymentIDsOf(t, "rk")) > 1
	docker(t, "kill", "haloy-sidecar")
	killed := time.Now()
	if !busyLeft {
		t.Errorf("the old replicas were all gone before the kill; the test did not kill mid-retirement")
	}
	waitSidecar(t)
	t.Logf("sidecar back %s after the kill; containers: %v, retiring: %v", time.Since(killed).Round(time.Millisecond), appContainers(t, "rk"), retiringOf(t, "rk"))
	waitOnlyDeployment(t, "rk", id, 2, 30*time.Second)
	t.Logf("old replicas removed %s after the kill", time.Since(killed).Round(time.Millisecond))
	requireVersion(t, "rk", "v2")
	stopLoad(t, load, "while the sidecar was killed mid-retirement")
}

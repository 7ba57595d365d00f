package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestSwarmHarness proves the cluster scripts/swarm.sh forms: three ready
// nodes (one manager), the attachable overlay network haloy, and an image
// pushed to the registry that every node pulls: a global service of the
// test app runs one task on each node.
func TestSwarmHarness(t *testing.T) {
	c := requireSwarm(t)
	nodes := c.Docker(t, 0, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}")
	if got := strings.Count(nodes, " Ready"); got != 3 {
		t.Fatalf("want 3 ready nodes, got:\n%s", nodes)
	}
	if drv := strings.TrimSpace(c.Docker(t, 0, "network", "inspect", "-f", "{{.Driver}} {{.Attachable}}", "haloy")); drv != "overlay true" {
		t.Fatalf("network haloy: %q, want an attachable overlay", drv)
	}
	ref := c.Push(t, "haloy/testapp:v1")
	const svc = "haloy-harness-probe"
	c.TryDocker(0, "service", "rm", svc)
	t.Cleanup(func() { c.TryDocker(0, "service", "rm", svc) })
	start := time.Now()
	c.Docker(t, 0, "service", "create", "-d", "--name", svc, "--mode", "global", "--network", "haloy",
		"--endpoint-mode", "dnsrr", ref)
	eventually(t, 90*time.Second, "a running task on each node", func() error {
		if n := len(c.TaskNodes(t, svc)); n != 3 {
			return fmt.Errorf("%d running tasks", n)
		}
		return nil
	})
	t.Logf("swarm harness: %s; global service from the registry running on 3 nodes in %s",
		c.Formed, time.Since(start).Round(100*time.Millisecond))
}

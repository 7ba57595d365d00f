package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/loadgen"
)

// TestSwarmDeployFromAnotherManager promotes node 2 to manager (demoted
// again at the end), waits for init's relay task there, and deploys a
// 3-replica app v1 -> v2 -> rollback through node 2's engine, which runs
// no sidecar: registration, promotion, hand-over and status --watch go
// through the relay to the leader sidecar on node 1. Load runs through
// node 1's HAProxy (an ingress node); no request may fail and the right
// version must answer after each step; status from node 2 shows the tasks.
// version from node 2 reports the leader sidecar's build through the
// relay, and from node 3 (a worker: neither sidecar nor relay) says so.
func TestSwarmDeployFromAnotherManager(t *testing.T) {
	c := requireSwarm(t)
	swarmInit(t, c)
	node2 := c.Nodes[1]
	c.Docker(t, 0, "node", "promote", node2)
	t.Cleanup(func() { c.TryDocker(0, "node", "demote", node2) })
	eventually(t, 90*time.Second, "a relay task running on "+node2, func() error {
		if !slices.Contains(slices.Collect(maps.Values(c.TaskNodes(t, contract.RelayService))), node2) {
			return fmt.Errorf("%s has no running %s task", node2, contract.RelayService)
		}
		return nil
	})
	if out, _ := c.TryDocker(1, "inspect", contract.SidecarContainer); !strings.Contains(out, "No such") {
		t.Fatalf("%s runs a %s container; the test needs a manager without one:\n%s", node2, contract.SidecarContainer, out)
	}
	const app = "sdm"
	t.Cleanup(func() { sdRemoveApp(c, app) })
	sdRemoveApp(c, app)
	repo := strings.TrimSuffix(c.Push(t, "haloy/testapp-hc:v1"), ":v1")
	c.Push(t, "haloy/testapp-hc:v2")
	file := filepath.Join(t.TempDir(), "haloy.yaml")
	on2 := func(args ...string) string {
		t.Helper()
		start := time.Now()
		out, err := c.TryHaloyOn(1, args...)
		if err != nil {
			t.Fatalf("docker haloy %s on %s: %v\n%s", strings.Join(args, " "), node2, err, out)
		}
		t.Logf("docker haloy %s on %s: %s", args[0], node2, time.Since(start).Round(10*time.Millisecond))
		return out
	}
	sdRequireVersionCommand(t, c, on2("version"))
	writeFile(t, file, appYAML(app, repo, "v1", 3))
	v1 := deployedID(t, on2("deploy", file))
	sdRequireVersion(t, c, app, "v1")

	load := loadgen.Start(loadgen.Config{Addr: c.InitAddr(0), Host: app + ".example.test", KeepAlive: 10, FreshPerSecond: 10})
	defer load.Stop()
	writeFile(t, file, appYAML(app, repo, "v2", 3))
	v2 := deployedID(t, on2("deploy", file))
	sdRequireVersion(t, c, app, "v2")
	t.Logf("deploy v2 from %s: %s", node2, load.Snapshot())
	back := deployedID(t, on2("rollback", app, v1))
	sdRequireVersion(t, c, app, "v1")
	res := load.Stop()
	t.Logf("v1 %s -> v2 %s -> rollback %s from %s, load through node 1: %s", v1, v2, back, node2, res)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("%d of %d requests failed: %v", res.Failures, res.Requests, res.Errors)
	}
	status := on2("status")
	_, tasks, _ := strings.Cut(status, "Swarm tasks:")
	if strings.Count(tasks, app+"-"+back+".") != 3 || !strings.Contains(status, app) {
		t.Errorf("status from %s does not show the 3 tasks of %s-%s:\n%s", node2, app, back, status)
	}
	t.Logf("status from %s:\n%s", node2, status)
	logs := c.Docker(t, 0, "logs", contract.SidecarContainer)
	if n := strings.Count(logs, "relayed subcommand"); n == 0 {
		t.Errorf("the leader sidecar logged no relayed subcommand: the deploys did not go through the relay")
	} else {
		t.Logf("the leader sidecar ran %d relayed subcommands (besides status)", n)
	}
}

// TryHaloyOn runs `docker haloy args...` with the test's plugin against node i.
func (c *swarmCluster) TryHaloyOn(i int, args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(c.Env(i), "DOCKER_CONFIG="+env.dockerConfig)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// sdRequireVersionCommand checks `docker haloy version` on node 2 (a
// manager without the sidecar: its build comes through the relay, the
// same as node 1's sidecar reports) and on node 3 (a worker, neither).
func sdRequireVersionCommand(t *testing.T, c *swarmCluster, on2 string) {
	t.Helper()
	want, err := c.TryDocker(0, "exec", contract.SidecarContainer, "/haloy-sidecar", "version")
	if err != nil {
		t.Fatalf("version of the sidecar on node 1: %v\n%s", err, want)
	}
	var leader struct{ Version, Commit string }
	if err := json.Unmarshal([]byte(want), &leader); err != nil || leader.Version == "" {
		t.Fatalf("version of the sidecar on node 1: %q: %v", want, err)
	}
	line := fmt.Sprintf("sidecar %s, commit %s", leader.Version, leader.Commit)
	if !strings.Contains(on2, line) {
		t.Errorf("version on node 2 does not report the leader sidecar's %q:\n%s", line, on2)
	}
	t.Logf("version on node 2:\n%s", on2)
	on3, _ := c.TryHaloyOn(2, "version")
	if !strings.Contains(on3, "neither the "+contract.SidecarContainer+" container nor a "+contract.RelayService+" task") {
		t.Errorf("version on node 3 (a worker) does not say that neither sidecar nor relay runs there:\n%s", on3)
	}
	t.Logf("version on node 3:\n%s", on3)
}

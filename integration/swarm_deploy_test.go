package integration

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/rollout/faststart"
	"github.com/moby/moby/client/pkg/versions"
)

// TestSwarmDeployRollback deploys a 3-replica app on the three-node Swarm
// through `docker haloy deploy` against the manager (one service per
// deployment, tasks spread over the nodes, pulled from the registry),
// then v2 and a rollback to v1, all under load through node 1's published
// port: no request may fail, the right version must answer after each
// step, the old deployments' services must be gone and the history must
// live with the cluster (listed from the manager's rollback); a batched
// deploy (update.parallelism) is refused and changes nothing. It prints
// each deploy's wall time next to the same deploy on a single engine (the
// host engine of the other integration tests).
func TestSwarmDeployRollback(t *testing.T) {
	c := requireSwarm(t)
	swarmInit(t, c)
	if out := c.Docker(t, 0, "network", "inspect", "-f", "{{.Driver}} {{.Attachable}}", "haloy"); strings.TrimSpace(out) != "overlay true" {
		t.Fatalf("network haloy after init on the manager: %q, want an attachable overlay", out)
	}
	const app = "sdz"
	t.Cleanup(func() { sdRemoveApp(c, app) })
	sdRemoveApp(c, app)
	v1ref, v2ref := c.Push(t, "haloy/testapp-hc:v1"), c.Push(t, "haloy/testapp-hc:v2")
	repo := strings.TrimSuffix(v1ref, ":v1")
	if v2ref != repo+":v2" {
		t.Fatalf("pushed v1 as %q and v2 as %q", v1ref, v2ref)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "haloy.yaml")
	var timings string
	deploy := func(tag string) (string, time.Duration) {
		writeFile(t, file, appYAML(app, repo, tag, 3))
		start := time.Now()
		out := c.Haloy(t, "deploy", "--timings", file)
		took := time.Since(start)
		timings = sdTimings(t, app, out)
		return deployedID(t, out), took
	}
	v1, first := deploy("v1")
	t.Logf("first deploy on the Swarm: %s", first.Round(10*time.Millisecond))
	sdRequireVersion(t, c, app, "v1")
	nodes := c.TaskNodes(t, app+"-"+v1)
	spread := map[string]bool{}
	for _, n := range nodes {
		spread[n] = true
	}
	if len(nodes) != 3 || len(spread) < 2 {
		t.Fatalf("tasks of %s-%s: %v, want 3 running on at least 2 nodes", app, v1, nodes)
	}
	t.Logf("v1's tasks run on %d nodes: %v", len(spread), nodes)

	load := loadgen.Start(loadgen.Config{Addr: c.InitAddr(0), Host: app + ".example.test", KeepAlive: 10, FreshPerSecond: 10})
	v2, swarmDeploy := deploy("v2")
	v2timings := timings
	sdRequireVersion(t, c, app, "v2")
	t.Logf("deploy v2: %s", load.Snapshot())
	start := time.Now()
	out := c.Haloy(t, "rollback", app, v1)
	rollback := time.Since(start)
	back := deployedID(t, out)
	sdRequireVersion(t, c, app, "v1")
	sdRequireStartInterval(t, c, app+"-"+back)
	res := load.Stop()
	t.Logf("v1 %s -> v2 %s -> rollback %s under load through node 1: %s", v1, v2, back, res)
	if res.Failures != 0 {
		t.Errorf("%d of %d requests failed during the deploys: %v", res.Failures, res.Requests, res.Errors)
	}
	writeFile(t, file, appYAML(app, repo, "v2", 3, "update:\n  parallelism: 1\n"))
	if out, err := c.TryHaloy("deploy", file); err == nil || !strings.Contains(out, "not supported on a Swarm") {
		t.Errorf("a batched deploy (update.parallelism 1) on the Swarm: %v, want it refused:\n%s", err, out)
	}
	services := strings.Fields(c.Docker(t, 0, "service", "ls", "--filter", "label=dev.haloy.appName="+app, "--format", "{{.Name}}"))
	if len(services) != 1 || services[0] != app+"-"+back {
		t.Errorf("services of %s after the rollback: %v, want only %s-%s", app, services, app, back)
	}
	history := c.Haloy(t, "rollback", app)
	for _, id := range []string{v1, v2, back} {
		if !strings.Contains(history, id) {
			t.Errorf("the cluster's history lacks deployment %s:\n%s", id, history)
		}
	}
	status := c.Haloy(t, "status")
	_, tasks, _ := strings.Cut(status, "Swarm tasks:")
	if strings.Count(tasks, app+"-"+back+".") != 3 || !strings.Contains(status, "Swarm nodes:") {
		t.Errorf("status does not show the 3 tasks of %s-%s and their nodes:\n%s", app, back, status)
	}

	single := sdSingleEngineDeploy(t)
	fmt.Printf("BENCH swarm-deploy: 3 replicas v1->v2 on a 3-node Swarm %s (rollback %s); same app on one engine %s; v1->v2 steps: %s\n",
		swarmDeploy.Round(10*time.Millisecond), rollback.Round(10*time.Millisecond), single.Round(10*time.Millisecond), v2timings)
}

// sdSwarmSteps are the steps `deploy --timings` prints on a Swarm, in
// order, for a deploy that replaces an older deployment.
var sdSwarmSteps = []string{"lock", "registry digest", "create service", "tasks running", "ready", "switch", "record", "drain", "remove old services"}

// sdTimings finds the "<app>: timings: ..." line of a deploy's output;
// once an older deployment exists, it must name every Swarm step in order.
func sdTimings(t *testing.T, app, out string) string {
	t.Helper()
	var line string
	for l := range strings.Lines(out) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), app+": timings: "); ok {
			line = rest
		}
	}
	if line == "" {
		t.Fatalf("deploy --timings printed no timings line:\n%s", out)
	}
	var names []string
	for _, part := range strings.Split(line, ", ") {
		names = append(names, part[:max(strings.LastIndex(part, " "), 0)])
	}
	if !strings.Contains(out, "drained and removed") {
		return line // the first deploy: nothing to drain or remove
	}
	if strings.Join(names, ",") != strings.Join(sdSwarmSteps, ",") {
		t.Errorf("deploy --timings on the Swarm: steps %q, want %q (line %q)", names, sdSwarmSteps, line)
	}
	return line
}

// sdSingleEngineDeploy times a v1 -> v2 deploy of the same 3-replica app
// on the host engine the other integration tests use.
func sdSingleEngineDeploy(t *testing.T) time.Duration {
	t.Helper()
	const app = "sdzsingle"
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML(app, "haloy/testapp-hc", "v1", 3)); err != nil {
		t.Fatalf("single-engine deploy v1: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", app) })
	start := time.Now()
	if out, err := deployFile(t, dir, appYAML(app, "haloy/testapp-hc", "v2", 3)); err != nil {
		t.Fatalf("single-engine deploy v2: %v\n%s", err, out)
	}
	return time.Since(start)
}

// sdRemoveApp removes app's services, its history configs and its lock.
func sdRemoveApp(c *swarmCluster, app string) {
	if out, _ := c.TryDocker(0, "service", "ls", "-q", "--filter", "label=dev.haloy.appName="+app); strings.TrimSpace(out) != "" {
		c.TryDocker(0, append([]string{"service", "rm"}, strings.Fields(out)...)...)
	}
	if out, _ := c.TryDocker(0, "config", "ls", "-q", "--filter", "label=dev.haloy.appName="+app); strings.TrimSpace(out) != "" {
		c.TryDocker(0, append([]string{"config", "rm"}, strings.Fields(out)...)...)
	}
	c.TryDocker(0, "config", "rm", "haloy-lock-"+app)
}

// sdRequireStartInterval checks that the tasks of service, a rollback to
// an image the manager ran a task of (so it has it and reads its
// HEALTHCHECK), are checked every faststart.StartInterval while they
// start, on a manager with API >= faststart.MinAPI.
func sdRequireStartInterval(t *testing.T, c *swarmCluster, service string) {
	t.Helper()
	api := strings.TrimSpace(c.Docker(t, 0, "version", "--format", "{{.Server.APIVersion}}"))
	if !versions.GreaterThanOrEqualTo(api, faststart.MinAPI) {
		return
	}
	ns := strings.TrimSpace(c.Docker(t, 0, "service", "inspect", "-f", "{{with .Spec.TaskTemplate.ContainerSpec.Healthcheck}}{{json .StartInterval}}{{end}}", service))
	if got, _ := time.ParseDuration(ns + "ns"); got != faststart.StartInterval {
		t.Errorf("manager API %s: service %s has HEALTHCHECK start interval %q ns, want %s", api, service, ns, faststart.StartInterval)
	}
}

// sdRequireVersion checks that 20 requests in a row through node 1 get
// version want of app.
func sdRequireVersion(t *testing.T, c *swarmCluster, app, want string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	for range 20 {
		req, _ := http.NewRequest("GET", "http://"+c.InitAddr(0)+"/", nil)
		req.Host = app + ".example.test"
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s through node 1: %v", app, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || field(string(body), "version") != want {
			t.Fatalf("GET %s through node 1 = %d %q, want version %s", app, resp.StatusCode, body, want)
		}
	}
}

package integration

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/routing"
)

// swarmStack is a `docker stack deploy` file: a labelled web service of
// three replicas spread over the nodes (dnsrr: Haloy routes to tasks, not
// to a virtual IP), each answering with "<node>-<slot>" as its host name,
// and a service whose port label is wrong.
func swarmStack(image string) string {
	return fmt.Sprintf(`version: "3.8"
services:
  web:
    image: %s
    hostname: "{{.Node.Hostname}}-{{.Task.Slot}}"
    networks: [haloy]
    deploy:
      replicas: 3
      endpoint_mode: dnsrr
      placement:
        preferences:
          - spread: node.id
      labels:
        dev.haloy.role: app
        dev.haloy.appName: swarmshop
        dev.haloy.health-check-path: /healthz
        dev.haloy.domain.0: swarmshop.example.test
  bad:
    image: %s
    networks: [haloy]
    deploy:
      replicas: 1
      endpoint_mode: dnsrr
      labels:
        dev.haloy.role: app
        dev.haloy.appName: swarmbad
        dev.haloy.port: not-a-port
        dev.haloy.domain.0: swarmbad.example.test
networks:
  haloy:
    external: true
`, image, image)
}

const swarmDomain = "swarmshop.example.test"

// deploySwarmStack inits Haloy on the manager, deploys the stack "shop"
// of haloy/testapp:v1 and waits until the sidecar routes its three tasks
// and the app answers from every node.
func deploySwarmStack(t *testing.T, c *swarmCluster) {
	t.Helper()
	deploySwarmStackOf(t, c, "haloy/testapp:v1")
}

// deploySwarmStackOf is deploySwarmStack with the web service running
// image (pushed to the cluster's registry first).
func deploySwarmStackOf(t *testing.T, c *swarmCluster, image string) {
	t.Helper()
	swarmInit(t, c)
	ref := c.Push(t, image)
	start := time.Now()
	stackDeploy(t, c, "shop", swarmStack(ref))
	eventually(t, 120*time.Second, "3 ready replicas of swarmshop", func() error {
		st, err := swarmStatus(c)
		if err != nil {
			return err
		}
		if n := len(readyReplicas(st, "swarmshop")); n != 3 {
			return fmt.Errorf("%d ready replicas; status %+v", n, st.Apps)
		}
		return nil
	})
	t.Logf("stack deployed and 3 tasks routed in %s", time.Since(start).Round(100*time.Millisecond))
	client := hostClient(c.InitAddr(0), 5*time.Second)
	seen := map[string]bool{}
	eventually(t, 30*time.Second, "answers from all three nodes", func() error {
		id, err := identity(client, swarmDomain)
		if err != nil {
			return err
		}
		seen[hostOf(id)] = true
		if len(seen) < 3 {
			return fmt.Errorf("hosts seen: %v", seen)
		}
		return nil
	})
	var hosts []string
	for h := range seen {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	for i, h := range hosts {
		if want := c.Nodes[i] + "-"; !strings.HasPrefix(h, want) {
			t.Errorf("replica hosts %v: want one on each node %v", hosts, c.Nodes)
			break
		}
	}
	t.Logf("requests through %s (node 1) reach tasks on every node: %v", c.InitAddr(0), hosts)
}

// TestSwarmStackRouted: a `docker stack deploy` stack with deploy.labels is
// routed to its three tasks spread over three nodes, through the manager's
// HAProxy, and the service with a bad label is reported like a container.
func TestSwarmStackRouted(t *testing.T) {
	c := requireSwarm(t)
	deploySwarmStack(t, c)
	st, err := swarmStatus(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readyReplicas(st, "swarmshop") {
		if !strings.HasPrefix(r.Container, "shop_web.") || r.Address == "" {
			t.Errorf("replica %+v: want a task named shop_web.<slot> with its overlay address", r)
		}
	}
	var problem *routing.Problem
	for i, p := range st.Problems {
		if strings.HasPrefix(p.Container, "shop_bad.") {
			problem = &st.Problems[i]
		}
	}
	if problem == nil {
		t.Fatalf("no problem reported for the service shop_bad; problems: %+v", st.Problems)
	}
	if problem.Label != "dev.haloy.port" {
		t.Errorf("problem %+v: want it on dev.haloy.port", *problem)
	}
	t.Logf("bad-label service reported: %s", problem)
	out, err := c.TryHaloy("status")
	if err != nil || !strings.Contains(out, "shop_bad.") {
		t.Errorf("docker haloy status does not show the bad service's problem (%v):\n%s", err, out)
	}
	code, _, err := swarmGet(c, "swarmbad.example.test")
	if err == nil && code == 200 {
		t.Errorf("the bad service is routed (200), want it refused")
	}
}

// swarmGet GETs / of domain through node 1's HTTP port.
func swarmGet(c *swarmCluster, domain string) (int, string, error) {
	resp, err := hostClient(c.InitAddr(0), 5*time.Second).Get("http://" + domain + "/")
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	return resp.StatusCode, "", nil
}

// swarmLoad starts load through node 1's published port.
func swarmLoad(c *swarmCluster) *loadgen.Run {
	return loadgen.Start(loadgen.Config{Addr: c.InitAddr(0), Host: swarmDomain, KeepAlive: swarmLoadKeepAlive,
		PerConnectionPerSecond: 20, FreshPerSecond: 10, Timeout: 10 * time.Second})
}

// swarmLoadKeepAlive is swarmLoad's keep-alive connections: at most one
// request each is in flight, to some node, at any moment.
const swarmLoadKeepAlive = 6

// TestSwarmWorkerLostUnderLoad stops a worker node's container under load
// (its engine and tasks vanish at once, as when a machine is lost) and
// measures how long until requests stop reaching it and until the sidecar
// drops its task; only requests in flight to that node may fail. Swarm's
// replacement task is routed once ready.
func TestSwarmWorkerLostUnderLoad(t *testing.T) {
	c := requireSwarm(t)
	deploySwarmStack(t, c)
	const lost = 2 // node 3, a worker
	lostHost := c.Nodes[lost] + "-"
	var lostTask string
	for id, n := range c.TaskNodes(t, "shop_web") {
		if n == c.Nodes[lost] {
			lostTask = id
		}
	}
	if lostTask == "" {
		t.Fatalf("no task of shop_web on %s: %v", c.Nodes[lost], c.TaskNodes(t, "shop_web"))
	}
	lostAddr := c.TaskAddress(t, lostTask)
	load := swarmLoad(c)
	samp := startSampler(c.InitAddr(0), swarmDomain, 3)
	time.Sleep(3 * time.Second)
	killed := time.Now()
	c.StopNode(t, lost)
	t.Cleanup(func() { c.StartNode(t, lost) })
	var dropped, replaced time.Duration
	eventually(t, 90*time.Second, "the lost task dropped and a replacement routed", func() error {
		st, err := swarmStatus(c)
		if err != nil {
			return err
		}
		ready := readyReplicas(st, "swarmshop")
		onLost := false
		for _, r := range ready {
			if r.Address == lostAddr {
				onLost = true
			}
		}
		if !onLost && dropped == 0 {
			dropped = time.Since(killed)
		}
		if onLost || len(ready) != 3 {
			return fmt.Errorf("lost task still routed: %v, %d ready", onLost, len(ready))
		}
		replaced = time.Since(killed)
		return nil
	})
	// Requests reach the replacement (it answers as <node>-<slot> on a
	// node that still runs, so look for a third distinct host).
	time.Sleep(2 * time.Second)
	res := load.Stop()
	samples := samp.Stop()
	var lastBad, lastLost time.Duration
	var failedSamples, badSamples int
	after := map[string]bool{}
	for _, s := range samples {
		at := s.start.Sub(killed)
		if s.err != nil || s.latency > time.Second {
			if s.err != nil {
				failedSamples++
			}
			badSamples++
			lastBad = max(lastBad, at)
		}
		if strings.HasPrefix(s.host, lostHost) {
			lastLost = max(lastLost, at)
		}
		if at > replaced && s.err == nil {
			after[s.host] = true
		}
	}
	t.Logf("worker %s stopped under load: requests last routed to it %s after; %d failed or slow (>1 s) sampled requests, the last started %s after; "+
		"sidecar dropped its task after %s; replacement routed after %s; hosts after: %v",
		c.Nodes[lost], lastLost.Round(10*time.Millisecond), badSamples, lastBad.Round(10*time.Millisecond),
		dropped.Round(10*time.Millisecond), replaced.Round(10*time.Millisecond), keys(after))
	t.Logf("load: %s; sampler: %d requests, %d failed", res, len(samples), failedSamples)
	if res.Failures > swarmLoadKeepAlive {
		t.Errorf("%d failed requests: more than the %d the load had in flight (one per keep-alive connection) when the node went: %v",
			res.Failures, swarmLoadKeepAlive, res.Errors)
	}
	if len(after) < 3 {
		t.Errorf("after the replacement, answers came from %v: want three replicas", keys(after))
	}
}

// TestSwarmSidecarKilledUnderLoad kills the sidecar on the manager under
// load: HAProxy keeps routing the tasks while the guard brings it back,
// and no request fails.
func TestSwarmSidecarKilledUnderLoad(t *testing.T) {
	c := requireSwarm(t)
	deploySwarmStack(t, c)
	load := swarmLoad(c)
	time.Sleep(2 * time.Second)
	killed := time.Now()
	c.Docker(t, 0, "kill", "haloy-sidecar")
	var back time.Duration
	eventually(t, 60*time.Second, "the sidecar back with 3 ready replicas", func() error {
		st, err := swarmStatus(c)
		if err != nil {
			return err
		}
		if n := len(readyReplicas(st, "swarmshop")); n != 3 {
			return fmt.Errorf("%d ready", n)
		}
		back = time.Since(killed)
		return nil
	})
	time.Sleep(3 * time.Second)
	res := load.Stop()
	t.Logf("sidecar killed under load: back with 3 ready replicas after %s; load: %s", back.Round(10*time.Millisecond), res)
	if res.Failures != 0 {
		t.Errorf("%d requests failed while the sidecar was down: %v", res.Failures, res.Errors)
	}
	if res.Requests < 100 {
		t.Errorf("only %d requests sent", res.Requests)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

package integration

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// swarmEnv gates the slow tests on a three-node Swarm (scripts/swarm.sh):
// with HALOY_INTEGRATION=1 and HALOY_SWARM=1 they run, and fail when the
// cluster cannot be formed.
const swarmEnv = "HALOY_SWARM"

// swarmKeepEnv, when 1, leaves the cluster running after the tests so the
// next run starts warm; scripts/swarm.sh down removes it.
const swarmKeepEnv = "HALOY_SWARM_KEEP"

// swarmCluster is the running cluster as scripts/swarm.sh up describes it.
type swarmCluster struct {
	// Nodes are the node container names; node 0 is the manager.
	Nodes []string
	// hosts are the nodes' DOCKER_HOSTs, in Nodes order.
	hosts []string
	// http and https reach port 80/443 of nodes 0 and 1 from here
	// (127.0.0.1:port).
	http, https []string
	// initHTTP and initHTTPS are the ports init publishes HAProxy on (see
	// InitArgs); initAddr and initTLSAddr reach them on nodes 0 and 1.
	initHTTP, initHTTPS   string
	initAddr, initTLSAddr []string
	// Registry is the registry as this machine pushes to it
	// (127.0.0.1:port); RegistryNodes as the nodes pull from it.
	Registry, RegistryNodes string
	// outerHost is the DOCKER_HOST of the engine the nodes run on ("": the
	// default).
	outerHost string
	// Formed describes how long `swarm.sh up` took (cold or warm).
	Formed string
}

// swarm is the package's cluster, formed by the first test that asks.
var swarm struct {
	once    sync.Once
	cluster *swarmCluster
	err     error
}

// requireSwarm returns the cluster, forming it on first use; it skips when
// the gates are off and fails when the cluster cannot be formed.
func requireSwarm(t *testing.T) *swarmCluster {
	t.Helper()
	requireEngine(t)
	if os.Getenv(swarmEnv) != "1" {
		t.Skipf("set %s=1 (with HALOY_INTEGRATION=1) to run the tests on a three-node Swarm", swarmEnv)
	}
	swarm.once.Do(func() { swarm.cluster, swarm.err = startSwarm() })
	if swarm.err != nil {
		t.Fatalf("forming the Swarm: %v", swarm.err)
	}
	t.Logf("swarm: %s", swarm.cluster.Formed)
	return swarm.cluster
}

// outerDockerHost is the engine the nodes run on: the one the tests were
// started with, even when they run on a node (HALOY_DOCKER_NODE).
func outerDockerHost() string {
	if inNode() {
		return node.outerHost
	}
	return os.Getenv("DOCKER_HOST")
}

// startSwarm runs scripts/swarm.sh up and reads the addresses it prints.
func startSwarm() (*swarmCluster, error) {
	c := &swarmCluster{outerHost: outerDockerHost()}
	out, stderr, err := c.script("up")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "swarm: ") {
			c.Formed = strings.TrimPrefix(line, "swarm: ")
		}
	}
	vars := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vars[k] = v
		}
	}
	c.Nodes = strings.Fields(vars["SWARM_NODES"])
	for i := range c.Nodes {
		c.hosts = append(c.hosts, vars[fmt.Sprintf("SWARM_HOST_%d", i+1)])
	}
	for i := 1; i <= 2; i++ {
		c.http = append(c.http, vars[fmt.Sprintf("SWARM_HTTP_%d", i)])
		c.https = append(c.https, vars[fmt.Sprintf("SWARM_HTTPS_%d", i)])
		c.initAddr = append(c.initAddr, vars[fmt.Sprintf("SWARM_INIT_HTTP_%d", i)])
		c.initTLSAddr = append(c.initTLSAddr, vars[fmt.Sprintf("SWARM_INIT_HTTPS_%d", i)])
	}
	c.initHTTP, c.initHTTPS = vars["SWARM_INIT_HTTP_PORT"], vars["SWARM_INIT_HTTPS_PORT"]
	c.Registry, c.RegistryNodes = vars["SWARM_REGISTRY"], vars["SWARM_REGISTRY_NODES"]
	if len(c.Nodes) != 3 || c.hosts[0] == "" || c.http[0] == "" || c.initAddr[0] == "" || c.initHTTP == "" || c.Registry == "" {
		return nil, fmt.Errorf("scripts/swarm.sh up printed an incomplete cluster:\n%s", out)
	}
	return c, nil
}

// stopSwarm removes the cluster unless HALOY_SWARM_KEEP=1.
func stopSwarm() {
	if swarm.cluster == nil || os.Getenv(swarmKeepEnv) == "1" {
		return
	}
	swarm.cluster.script("down")
}

// script runs scripts/swarm.sh on the outer engine and returns its
// standard output and error.
func (c *swarmCluster) script(args ...string) (string, string, error) {
	cmd := exec.Command("bash", append([]string{filepath.Join(env.root, "scripts/swarm.sh")}, args...)...)
	cmd.Env = withDockerHost(os.Environ(), c.outerHost)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), errb.String(), fmt.Errorf("swarm.sh %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String(), errb.String(), nil
}

// HTTPAddr is 127.0.0.1:port reaching port 80 of node i (0 or 1).
func (c *swarmCluster) HTTPAddr(i int) string { return c.http[i] }

// HTTPSAddr is 127.0.0.1:port reaching port 443 of node i (0 or 1).
func (c *swarmCluster) HTTPSAddr(i int) string { return c.https[i] }

// InitPorts are the HTTP and HTTPS port numbers to give `docker haloy
// init` on the manager: the node publishes them on the same numbers on
// 127.0.0.1 here, so init's own "HAProxy answers" check reaches it.
func (c *swarmCluster) InitPorts() (http, https string) { return c.initHTTP, c.initHTTPS }

// InitAddr is 127.0.0.1:port reaching the init HTTP port of node i (0 or 1).
func (c *swarmCluster) InitAddr(i int) string { return c.initAddr[i] }

// Env is os.Environ with DOCKER_HOST pointing at node i.
func (c *swarmCluster) Env(i int) []string { return withDockerHost(os.Environ(), c.hosts[i]) }

// TryDocker runs docker against node i and returns its combined output.
func (c *swarmCluster) TryDocker(i int, args ...string) (string, error) {
	cmd := exec.Command("docker", args...)
	cmd.Env = c.Env(i)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Docker runs docker against node i and fails the test if it fails.
func (c *swarmCluster) Docker(t *testing.T, i int, args ...string) string {
	t.Helper()
	out, err := c.TryDocker(i, args...)
	if err != nil {
		t.Fatalf("docker %s on %s: %v\n%s", strings.Join(args, " "), c.Nodes[i], err, out)
	}
	return out
}

// TryHaloy runs `docker haloy args...` with the test's plugin against the
// manager.
func (c *swarmCluster) TryHaloy(args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(c.Env(0), "DOCKER_CONFIG="+env.dockerConfig)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Haloy is TryHaloy failing the test on an error.
func (c *swarmCluster) Haloy(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.TryHaloy(args...)
	if err != nil {
		t.Fatalf("docker haloy %s (manager): %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// Push pushes a local image to the cluster's registry and returns the
// reference the nodes pull it by.
func (c *swarmCluster) Push(t *testing.T, image string) string {
	t.Helper()
	out, _, err := c.script("push", image)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

// Load copies local images into every node.
func (c *swarmCluster) Load(t *testing.T, images ...string) {
	t.Helper()
	if _, _, err := c.script(append([]string{"load"}, images...)...); err != nil {
		t.Fatal(err)
	}
}

// outer runs docker against the engine the nodes run on.
func (c *swarmCluster) outer(args ...string) (string, error) {
	cmd := exec.Command("docker", args...)
	cmd.Env = withDockerHost(os.Environ(), c.outerHost)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// StopNode stops node i's container (its engine and every task on it go
// away at once, as when a machine is lost) and returns when it is stopped.
func (c *swarmCluster) StopNode(t *testing.T, i int) {
	t.Helper()
	if out, err := c.outer("kill", c.Nodes[i]); err != nil {
		t.Fatalf("stopping %s: %v\n%s", c.Nodes[i], err, out)
	}
}

// StartNode starts node i's container again and waits until the manager
// sees it ready. Its published engine port may change, so Host(i) is
// read again.
func (c *swarmCluster) StartNode(t *testing.T, i int) {
	t.Helper()
	if out, err := c.outer("start", c.Nodes[i]); err != nil {
		t.Fatalf("starting %s: %v\n%s", c.Nodes[i], err, out)
	}
	out, err := c.outer("port", c.Nodes[i], "2375/tcp")
	if err != nil {
		t.Fatalf("reading %s's engine port: %v\n%s", c.Nodes[i], err, out)
	}
	c.hosts[i] = "tcp://" + strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	eventually(t, 60*time.Second, c.Nodes[i]+" ready in the Swarm", func() error {
		st, err := c.TryDocker(0, "node", "inspect", "-f", "{{.Status.State}}", c.Nodes[i])
		if err != nil {
			return fmt.Errorf("%v: %s", err, st)
		}
		if s := strings.TrimSpace(st); s != "ready" {
			return fmt.Errorf("state %s", s)
		}
		return nil
	})
}

// TaskNodes maps the running tasks of a service (by task id) to the
// nodes they run on.
func (c *swarmCluster) TaskNodes(t *testing.T, service string) map[string]string {
	t.Helper()
	out := c.Docker(t, 0, "service", "ps", "--no-trunc", "--filter", "desired-state=running",
		"--format", "{{.ID}} {{.Node}} {{.CurrentState}}", service)
	nodes := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[2] == "Running" {
			nodes[f[0]] = f[1]
		}
	}
	return nodes
}

// TaskAddress is a task's address on the haloy overlay network.
func (c *swarmCluster) TaskAddress(t *testing.T, task string) string {
	t.Helper()
	out := c.Docker(t, 0, "inspect", "--type", "task", "-f",
		`{{range .NetworksAttachments}}{{if eq .Network.Spec.Name "haloy"}}{{index .Addresses 0}}{{end}}{{end}}`, task)
	addr, _, _ := strings.Cut(strings.TrimSpace(out), "/")
	if addr == "" {
		t.Fatalf("task %s has no address on the haloy network", task)
	}
	return addr
}

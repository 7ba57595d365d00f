package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// swarmInit runs `docker haloy init` against the manager, HAProxy on the
// cluster's init ports (which reach this machine as InitAddr(0) and
// InitTLSAddr(0)), no ACME CA; Haloy's containers and volumes on the manager
// are removed when the test ends (the harness's overlay network stays).
func swarmInit(t *testing.T, c *swarmCluster) {
	t.Helper()
	swarmTeardown(c)
	httpPort, httpsPort := c.InitPorts()
	c.Haloy(t, "init", "--publish-addr", "0.0.0.0", "--http-port", httpPort, "--https-port", httpsPort,
		"--sidecar-image", sidecarImage, "--haproxy-image", haproxyImage, "--acme-ca", "none", "--reset", "--yes")
	t.Cleanup(func() { swarmTeardown(c) })
}

// swarmTeardown removes Haloy's containers and volumes from the manager.
func swarmTeardown(c *swarmCluster) {
	ids, _ := c.TryDocker(0, "ps", "-aq", "--filter", "label=com.docker.compose.project=haloy")
	if f := strings.Fields(ids); len(f) > 0 {
		c.TryDocker(0, append([]string{"rm", "-f"}, f...)...)
	}
	c.TryDocker(0, "volume", "rm", "haloy-haproxy", "haloy-sidecar-data")
	c.TryDocker(0, "service", "rm", "haloy-relay")
	// Wait for the relay tasks to leave the overlay: a container joining
	// it on a node while its last local attachment goes away can fail
	// with "network not found".
	for i := range c.Nodes {
		for range 60 {
			out, err := c.TryDocker(i, "ps", "-aq", "--filter", "label=com.docker.swarm.service.name=haloy-relay")
			if err != nil || strings.TrimSpace(out) == "" {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	if out, _ := c.TryDocker(0, "secret", "ls", "-q", "--filter", "name=haloy-control-token"); len(strings.Fields(out)) > 0 {
		c.TryDocker(0, append([]string{"secret", "rm"}, strings.Fields(out)...)...)
	}
}

// swarmStatus reads the sidecar's status through the CLI on the manager.
func swarmStatus(c *swarmCluster) (reconcile.Status, error) {
	var st reconcile.Status
	out, err := c.TryHaloy("status", "--format", "json")
	if err != nil {
		return st, fmt.Errorf("docker haloy status: %v\n%s", err, out)
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		return st, fmt.Errorf("reading status JSON: %v\n%s", err, out)
	}
	return st, nil
}

// readyReplicas returns the ready replicas of app in the status.
func readyReplicas(st reconcile.Status, app string) []routing.ReplicaStatus {
	var out []routing.ReplicaStatus
	for _, a := range st.Apps {
		if a.Name != app {
			continue
		}
		for _, d := range a.Deployments {
			for _, r := range d.Replicas {
				if r.Ready {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// stackDeploy deploys a compose file as a Swarm stack from the manager and
// removes the stack (waiting until its tasks are gone) when the test ends.
func stackDeploy(t *testing.T, c *swarmCluster, name, compose string) {
	t.Helper()
	file := tempFile(t, "stack.yaml", compose)
	c.TryDocker(0, "stack", "rm", name)
	c.Docker(t, 0, "stack", "deploy", "--detach=true", "-c", file, name)
	t.Cleanup(func() { stackRemove(c, name) })
}

// stackRemove removes a stack and waits until none of its containers is
// left on a node that runs.
func stackRemove(c *swarmCluster, name string) {
	c.TryDocker(0, "stack", "rm", name)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		left := 0
		for i := range c.Nodes {
			out, err := c.TryDocker(i, "ps", "-aq", "--filter", "label=com.docker.stack.namespace="+name)
			if err == nil {
				left += len(strings.Fields(out))
			}
		}
		if left == 0 {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// hostClient sends every request to addr (a node's published port)
// whatever the URL's host, without keep-alive.
func hostClient(addr string, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}},
	}
}

// identity GETs / of domain through addr and returns the test app's body
// ("version=<v> host=<h>").
func identity(client *http.Client, domain string) (string, error) {
	resp, err := client.Get("http://" + domain + "/")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return strings.TrimSpace(string(body)), nil
}

// hostOf is the host= field of a test app's identity.
func hostOf(identity string) string {
	_, h, _ := strings.Cut(identity, "host=")
	return h
}

// sample is one request of a sampler.
type sample struct {
	start   time.Time
	latency time.Duration
	host    string // the answering replica's host name, "" on failure
	err     error
}

// sampler sends requests back to back from a few goroutines (each on a
// new connection) and records each one, so the moment traffic stops
// reaching a replica can be read afterwards.
type sampler struct {
	mu      sync.Mutex
	samples []sample
	stop    chan struct{}
	wg      sync.WaitGroup
}

func startSampler(addr, domain string, workers int) *sampler {
	s := &sampler{stop: make(chan struct{})}
	client := hostClient(addr, 10*time.Second)
	for range workers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for {
				select {
				case <-s.stop:
					return
				default:
				}
				start := time.Now()
				id, err := identity(client, domain)
				s.mu.Lock()
				s.samples = append(s.samples, sample{start: start, latency: time.Since(start), host: hostOf(id), err: err})
				s.mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	return s
}

func (s *sampler) Stop() []sample {
	close(s.stop)
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.samples
}

package integration

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/loadgen"
)

// ingressDomain is the app domain of the Swarm ingress test; Pebble resolves
// it to the second ingress node, so HTTP-01 validation reaches the leader
// only through that node's HAProxy and follower.
const ingressDomain = "swarm.pebble.test"

// TestSwarmIngress: init --ingress-node on the manager labels node 2
// haloy.ingress=true, creates the global services haloy-follower and
// haloy-ingress there and returns once node 2's HAProxy serves; a labelled Swarm service of 3 replicas (a stack as
// Portainer or docker stack deploy makes it) is served through node 2's
// published ports; Pebble's certificate, validated through node 2, is the
// same certificate on both ingress nodes; a second deployment of the app
// takes over under HTTPS load through node 2, the first is drained and
// removed, with 0 failed requests.
func TestSwarmIngress(t *testing.T) {
	c := requireSwarm(t)
	buildPebble(t)
	c.Load(t, pebbleImage)
	cleanupSwarmIngress(c)
	t.Cleanup(func() {
		if t.Failed() {
			for _, s := range []string{contract.FollowerService, contract.IngressService} {
				out, _ := c.TryDocker(0, "service", "logs", "--tail", "40", s)
				t.Logf("%s log:\n%s", s, out)
			}
			out, _ := c.TryDocker(0, "logs", "--tail", "60", contract.SidecarContainer)
			t.Logf("leader sidecar log:\n%s", out)
		}
		cleanupSwarmIngress(c)
	})
	node2 := c.Nodes[1]
	nodeIP := func(i int) string {
		return strings.TrimSpace(c.outerDocker(t, "inspect", "-f", `{{(index .NetworkSettings.Networks "haloy-swarm-test").IPAddress}}`, c.Nodes[i]))
	}
	node2IP := nodeIP(1)

	c.Docker(t, 0, "run", "-d", "--name", challSrvContainer, "--network", contract.Network, "--entrypoint", "/pebble-challtestsrv", pebbleImage,
		"-defaultIPv4", node2IP, "-defaultIPv6=", "-dnsserver", ":8053", "-management", ":8055",
		"-http01=", "-https01=", "-tlsalpn01=", "-doh=")
	challIP := strings.TrimSpace(c.Docker(t, 0, "inspect", "-f", `{{(index .NetworkSettings.Networks "haloy").IPAddress}}`, challSrvContainer))
	c.Docker(t, 0, "run", "-d", "--name", pebbleContainer, "--network", contract.Network, "--network-alias", "pebble",
		"-e", "PEBBLE_VA_NOSLEEP=1", pebbleImage, "-config", "/test/config/pebble-config.json", "-dnsserver", challIP+":8053")
	minica := filepath.Join(t.TempDir(), "pebble.minica.pem")
	eventually(t, 20*time.Second, "pebble's minica certificate", func() error {
		_, err := c.TryDocker(0, "cp", pebbleContainer+":/test/certs/pebble.minica.pem", minica)
		return err
	})

	// Every node pulls Haloy's images from the cluster's registry (a
	// service's tasks pull their image; a local copy is only a fallback).
	sidecarRef, haproxyRef := c.Push(t, sidecarImage), c.Push(t, haproxyImage)
	start := time.Now()
	// Published on node 1's address, which init's answer check reaches
	// from here (the harness forwards 127.0.0.1 ports to it as well).
	out := c.Haloy(t, "init", "--publish-addr", nodeIP(0), "--http-port", "80", "--https-port", "443",
		"--sidecar-image", sidecarRef, "--haproxy-image", haproxyRef, "--ingress-node", node2,
		"--acme-ca", pebbleDirectory, "--acme-ca-root", minica, "--acme-email", "ops@example.com", "--reset", "--yes")
	t.Logf("init on the manager (%s):\n%s", time.Since(start).Round(100*time.Millisecond), out)
	for _, want := range []string{"labelled node " + node2 + " " + contract.IngressLabel + "=true", contract.IngressService + " created",
		"ingress nodes besides this manager: " + node2} {
		if !strings.Contains(out, want) {
			t.Fatalf("init does not say %q:\n%s", want, out)
		}
	}
	switch {
	case strings.Contains(out, "ingress node "+node2+" serving (version "):
		// init returned once node 2's HAProxy serves: its tasks run there
		// and it answers HTTP now (a certificate is ordered as soon as the
		// app is routed, and its HTTP-01 validation comes through node 2).
		for _, s := range []string{contract.FollowerService, contract.IngressService} {
			if nodes := c.TaskNodes(t, s); len(nodes) != 1 || !slices.Contains(slices.Collect(maps.Values(nodes)), node2) {
				t.Fatalf("%s runs on %v after init, want %s", s, nodes, node2)
			}
		}
		resp, err := http.Get("http://" + c.HTTPAddr(1) + "/")
		if err != nil {
			t.Fatalf("node 2's HAProxy after init said it serves: %v", err)
		}
		resp.Body.Close()
	case strings.Contains(out, "warning: ingress node "+node2+" does not serve after"):
		// init's promise when a node is late: a warning naming it, and
		// success. Seen once in CI: the follower on node 2 could not
		// resolve haloy-sidecar on the overlay for over a minute. Wait
		// for it as its user would; the rest of the test needs node 2.
		t.Logf("init warned that %s is late; waiting up to 3 min for its HAProxy", node2)
		eventually(t, 3*time.Minute, "the HAProxy on "+node2+" to answer HTTP", func() error {
			resp, err := http.Get("http://" + c.HTTPAddr(1) + "/")
			if err == nil {
				resp.Body.Close()
			}
			return err
		})
	default:
		t.Fatalf("init says neither that %s serves nor that it is late:\n%s", node2, out)
	}
	checkFollowerStatus(t, c, node2)
	bad, err := c.TryHaloy("init", "--ingress-node", "no-such-node")
	if err == nil || !strings.Contains(bad, "--ingress-node no-such-node: no such node") || !strings.Contains(bad, node2) {
		t.Fatalf("init with an unknown node: err %v, output:\n%s", err, bad)
	}
	again := c.Haloy(t, "init", "--ingress-node", node2)
	if !strings.Contains(again, "node "+node2+" already labelled") || !strings.Contains(again, contract.IngressService+" unchanged") {
		t.Fatalf("a second init does not say the node was labelled and the service unchanged:\n%s", again)
	}
	t.Logf("init again:\n%s", again)
	ref := c.Push(t, "haloy/testapp-hc:v1")
	ingressApp(t, c, "fl-1", "20260101000001", ref)
	eventually(t, 120*time.Second, "the app served through "+node2+" over HTTPS with Pebble's certificate", func() error {
		_, err := ingressGet(c.HTTPSAddr(1), "v1")
		return err
	})
	fp1, err := ingressGet(c.HTTPSAddr(0), "v1")
	if err != nil {
		t.Fatalf("the manager's HAProxy: %v", err)
	}
	fp2, _ := ingressGet(c.HTTPSAddr(1), "v1")
	if fp1 != fp2 {
		t.Fatalf("the ingress nodes serve different certificates: %s and %s", fp1, fp2)
	}
	t.Logf("one Pebble certificate (sha256 %s) served by both ingress nodes", fp1[:16])

	load := loadgen.Start(loadgen.Config{Addr: c.HTTPSAddr(1), Host: ingressDomain, KeepAlive: 10, FreshPerSecond: 10,
		TLS: &tls.Config{ServerName: ingressDomain, InsecureSkipVerify: true}})
	defer load.Stop()
	time.Sleep(2 * time.Second)
	ref2 := c.Push(t, "haloy/testapp-hc:v2")
	switchStart := time.Now()
	ingressApp(t, c, "fl-2", "20260101000002", ref2)
	eventually(t, 120*time.Second, "v2 served through "+node2, func() error {
		_, err := ingressGet(c.HTTPSAddr(1), "v2")
		return err
	})
	t.Logf("v2 served through %s %s after its service was created", node2, time.Since(switchStart).Round(100*time.Millisecond))
	time.Sleep(3 * time.Second) // the old deployment drains on both HAProxies
	c.Docker(t, 0, "service", "rm", "fl-1")
	time.Sleep(5 * time.Second) // its tasks stop; routing drops them
	for range 20 {
		if _, err := ingressGet(c.HTTPSAddr(1), "v2"); err != nil {
			t.Fatal(err)
		}
	}
	res := load.Stop()
	t.Logf("HTTPS load through %s during the switch: %s", node2, res)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("%d of %d requests through the second ingress node failed: %v", res.Failures, res.Requests, res.Errors)
	}

	t.Run("docker haloy deploy v1 -> v2 -> rollback through the second ingress node", func(t *testing.T) {
		const app = "sdi"
		domain := app + ".example.test"
		repo := strings.TrimSuffix(ref, ":v1")
		file := filepath.Join(t.TempDir(), "haloy.yaml")
		deploy := func(tag string) string {
			writeFile(t, file, appYAML(app, repo, tag, 3))
			return deployedID(t, c.Haloy(t, "deploy", file))
		}
		t.Cleanup(func() { c.TryHaloy("stop", app) })
		d1 := deploy("v1")
		eventually(t, 120*time.Second, app+" served through "+node2+" with Pebble's certificate", func() error {
			_, err := ingressGetFor(c.HTTPSAddr(1), domain, "v1")
			return err
		})
		load := loadgen.Start(loadgen.Config{Addr: c.HTTPSAddr(1), Host: domain, KeepAlive: 10, FreshPerSecond: 10,
			TLS: &tls.Config{ServerName: domain, InsecureSkipVerify: true}})
		defer load.Stop()
		for _, step := range []struct{ name, want string }{{"deploy v2", "v2"}, {"rollback to v1", "v1"}} {
			start := time.Now()
			if step.want == "v2" {
				deploy("v2")
			} else {
				c.Haloy(t, "rollback", app, d1)
			}
			took := time.Since(start)
			for range 20 {
				if _, err := ingressGetFor(c.HTTPSAddr(1), domain, step.want); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
			}
			t.Logf("%s on the Swarm (%s), through %s: %s", step.name, took.Round(10*time.Millisecond), node2, load.Snapshot())
		}
		res := load.Stop()
		if res.Requests == 0 || res.Failures != 0 {
			t.Errorf("%d of %d requests through %s failed during the deploys: %v", res.Failures, res.Requests, node2, res.Errors)
		}
	})
}

// ingressApp creates a labelled service of 3 replicas, one deployment of
// app fl, as a stack would.
func ingressApp(t *testing.T, c *swarmCluster, name, id, ref string) {
	t.Helper()
	args := []string{"service", "create", "-d", "--name", name, "--network", contract.Network, "--endpoint-mode", "dnsrr", "--replicas", "3"}
	for _, l := range []string{"dev.haloy.role=app", "dev.haloy.appName=fl", "dev.haloy.deployment-id=" + id,
		"dev.haloy.domain.0=" + ingressDomain, "dev.haloy.health-check-path=/healthz"} {
		args = append(args, "--label", l, "--container-label", l)
	}
	c.Docker(t, 0, append(args, ref)...)
}

// ingressGet sends GET / for ingressDomain over HTTPS to addr and checks the
// version; it returns the served certificate's SHA-256, after checking
// that Pebble issued it for ingressDomain.
func ingressGet(addr, want string) (string, error) { return ingressGetFor(addr, ingressDomain, want) }

// ingressGetFor is ingressGet for domain.
func ingressGetFor(addr, domain, want string) (string, error) {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{ServerName: domain, InsecureSkipVerify: true},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Timeout: 5 * time.Second, Transport: tr}).Get("https://" + domain + "/")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.TLS == nil || len(resp.TLS.PeerCertificates) == 0 {
		return "", fmt.Errorf("%s: no certificate", addr)
	}
	cert := resp.TLS.PeerCertificates[0]
	if !strings.Contains(cert.Issuer.CommonName, "Pebble") || !slices.Contains(cert.DNSNames, domain) {
		return "", fmt.Errorf("%s serves a certificate for %v from %q, not Pebble's", addr, cert.DNSNames, cert.Issuer.CommonName)
	}
	if resp.StatusCode != 200 || field(string(body), "version") != want {
		return "", fmt.Errorf("GET https://%s/ on %s = %d %q, want version %s", domain, addr, resp.StatusCode, body, want)
	}
	h := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(h[:]), nil
}

// cleanupSwarmIngress removes what the test made on the cluster.
func cleanupSwarmIngress(c *swarmCluster) {
	c.TryDocker(0, "service", "rm", "fl-1", "fl-2", contract.FollowerService, contract.IngressService, contract.RelayService)
	if out, _ := c.TryDocker(0, "service", "ls", "-q", "--filter", "label=dev.haloy.appName=sdi"); strings.TrimSpace(out) != "" {
		c.TryDocker(0, append([]string{"service", "rm"}, strings.Fields(out)...)...)
	}
	c.TryDocker(0, "rm", "-f", pebbleContainer, challSrvContainer, contract.SidecarContainer, contract.HAProxyContainer, contract.GuardContainer)
	c.TryDocker(0, "node", "update", "--label-rm", contract.IngressLabel, c.Nodes[1])
	out, _ := c.TryDocker(0, "secret", "ls", "-q", "--filter", "name="+contract.FollowTokenSecret)
	if ids := strings.Fields(out); len(ids) > 0 {
		c.TryDocker(0, append([]string{"secret", "rm"}, ids...)...)
	}
	for i := range c.Nodes {
		// The removed services' tasks stop with a grace period; their
		// volume can go once they are gone.
		for range 60 {
			out, err := c.TryDocker(i, "ps", "-aq", "--filter", "volume="+contract.IngressVolume)
			if err != nil || strings.TrimSpace(out) == "" {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		c.TryDocker(i, "volume", "rm", contract.IngressVolume, contract.HAProxyVolume, contract.SidecarVolume)
	}
}

// outerDocker runs docker against the engine the nodes run on, failing the test on an error.
func (c *swarmCluster) outerDocker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.outer(args...)
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// checkFollowerStatus asserts that status shows node's follower serving
// the leader's version, in the table and in JSON.
func checkFollowerStatus(t *testing.T, c *swarmCluster, node string) {
	t.Helper()
	text := c.Haloy(t, "status")
	if !strings.Contains(text, "Ingress followers (leader version ") || !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(node)+` +\S+ +serving `).MatchString(text) {
		t.Fatalf("status does not show %s's follower serving:\n%s", node, text)
	}
	var st struct{ Follow followReport }
	if err := json.Unmarshal([]byte(c.Haloy(t, "status", "--format", "json")), &st); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(st.Follow.Followers, func(f followerRow) bool { return f.Name == node })
	if i < 0 || !st.Follow.Followers[i].Current || !st.Follow.Followers[i].Live || st.Follow.Followers[i].Applied != st.Follow.Version {
		t.Fatalf("status --format json: follow %+v, want %s current and live", st.Follow, node)
	}
	t.Logf("status shows the follower:\n%s", text[strings.Index(text, "Ingress followers"):])
}

// followReport is the "follow" object of status --format json, as a
// script reads it.
type followReport struct {
	Version   string        `json:"version"`
	Followers []followerRow `json:"followers"`
}

type followerRow struct {
	Name    string `json:"name"`
	Applied string `json:"applied"`
	Current bool   `json:"current"`
	Live    bool   `json:"live"`
}

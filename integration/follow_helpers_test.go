package integration

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/sidecar/follow"
)

// A second ingress on the same engine: a HAProxy and a follower (the
// sidecar image in follow mode) sharing their own volume, as on another
// Swarm node, following the harness's sidecar over the haloy network.
const (
	followerContainer = "haloy-test-follower"
	haproxy2Container = "haloy-test-haproxy2"
	followVolume      = "haloy-test-follow-haproxy"
)

// ingress2 is the running second ingress and its ports on 127.0.0.1.
type ingress2 struct {
	httpPort, httpsPort, healthPort int
}

// removeIngress2 removes the second ingress's containers and volume.
func removeIngress2() {
	exec.Command("docker", "rm", "-f", followerContainer, haproxy2Container).Run()
	exec.Command("docker", "volume", "rm", followVolume).Run()
}

// startIngress2 starts the follower, waits until it wrote the leader's
// state, then starts its HAProxy; both are removed when the test ends.
func startIngress2(t *testing.T) *ingress2 {
	t.Helper()
	removeIngress2() // leftovers of an interrupted run
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := runCmd("docker", "logs", "--tail", "60", followerContainer)
			t.Logf("follower log:\n%s", out)
		}
		removeIngress2()
	})
	ports, err := freePorts(3)
	if err != nil {
		t.Fatal(err)
	}
	in := &ingress2{httpPort: ports[0], httpsPort: ports[1], healthPort: ports[2]}
	token := strings.TrimSpace(docker(t, "exec", contract.SidecarContainer, contract.SidecarBinary, contract.FollowTokenCommand))
	docker(t, "volume", "create", followVolume)
	docker(t, "create", "--name", followerContainer, "--network", contract.Network, "--restart", "unless-stopped",
		"-p", fmt.Sprintf("127.0.0.1:%d:8080", in.healthPort), "-v", followVolume+":"+contract.SidecarHAProxyDir,
		sidecarImage, contract.FollowCommand, "-"+contract.FlagTokenFile, "/follow-token")
	docker(t, "cp", tempFile(t, "follow-token", token+"\n"), followerContainer+":/follow-token")
	docker(t, "start", followerContainer)
	eventually(t, 20*time.Second, "the follower to write the leader's state", func() error {
		if st := in.status(); st.Version == "" {
			return fmt.Errorf("follower status %+v", st)
		}
		return nil
	})
	docker(t, "run", "-d", "--name", haproxy2Container, "--network", contract.Network, "--restart", "unless-stopped",
		"--sysctl", "net.ipv4.ip_unprivileged_port_start=0", "--stop-signal", "SIGUSR1",
		"-p", fmt.Sprintf("127.0.0.1:%d:80", in.httpPort), "-p", fmt.Sprintf("127.0.0.1:%d:443", in.httpsPort),
		"-v", followVolume+":"+contract.HAProxyDir, haproxyImage,
		"haproxy", "-W", "-db", "-S", contract.HAProxyMasterSocket(), "-f", contract.HAProxyConfigFile())
	// As init does for the first ingress: return once this HAProxy answers
	// HTTP, so a certificate's HTTP-01 validation through it (ordered as
	// soon as an app is deployed) does not meet a port nobody listens on.
	eventually(t, 20*time.Second, "the second HAProxy to answer HTTP", func() error {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", in.httpPort))
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	})
	return in
}

// status is the follower's health endpoint (zero when it does not answer).
func (in *ingress2) status() follow.Status {
	var st follow.Status
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", in.healthPort))
	if err != nil {
		return st
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(&st)
	return st
}

// getTLS sends GET / over HTTPS for host to 127.0.0.1:port, trusting roots.
func getTLS(port int, roots *x509.CertPool, host string) (int, string, error) {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: host},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", port))
		},
	}
	defer tr.CloseIdleConnections()
	c := &http.Client{Timeout: 5 * time.Second, Transport: tr}
	resp, err := c.Get("https://" + host + "/")
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

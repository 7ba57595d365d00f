package integration

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
)

// Apps of the layout-switch test: steadyDomain validates with HTTP-01 and
// carries the load; switchDomain's app asks for TLS-ALPN-01, so HAProxy's
// :443 becomes the TCP frontend while it is routed.
const (
	steadyDomain = "steady.example.test"
	switchDomain = "switch.example.test"
)

const steadyApp = `name: steady
source:
  image: {repository: haloy/testapp, tag: v1}
domains: [` + steadyDomain + `]
replicas: 2
healthCheckPath: /healthz
`

const switchApp = `name: switch
source:
  image: {repository: haloy/testapp, tag: v1}
domains: [` + switchDomain + `]
acmeChallenge: tls-alpn-01
healthCheckPath: /healthz
`

// TestTLSALPNLayoutSwitchUnderLoad keeps HTTP and HTTPS load on an HTTP-01
// app while a TLS-ALPN-01 app is deployed (HAProxy reloads into the
// TCP-frontend layout) and removed (it reloads back): no request may fail.
// The HTTPS load is served with the self-signed fallback (the test domains
// are never requested from a CA).
func TestTLSALPNLayoutSwitchUnderLoad(t *testing.T) {
	requireEngine(t)
	haloy(t, "deploy", tempFile(t, "haloy.yaml", steadyApp))
	t.Cleanup(func() { runHaloy("stop", "steady", "switch") })
	waitHosts(t, 30*time.Second, steadyDomain, 2)
	if tlsALPNLayout(t) {
		t.Fatal("HAProxy is in the TLS-ALPN layout before any app asks for it")
	}
	reloads := haproxyReloads(t)

	plain := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpPort), Host: steadyDomain,
		KeepAlive: 10, FreshPerSecond: 20})
	secure := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpsPort), Host: steadyDomain,
		KeepAlive: 10, FreshPerSecond: 20, TLS: &tls.Config{InsecureSkipVerify: true}})
	time.Sleep(time.Second)

	start := time.Now()
	haloy(t, "deploy", tempFile(t, "haloy.yaml", switchApp))
	waitLayout(t, true)
	into := haproxyReloads(t)
	t.Logf("into the TLS-ALPN layout %s after the deploy started; HTTP %s; HTTPS %s",
		time.Since(start).Round(time.Millisecond), plain.Snapshot(), secure.Snapshot())
	checkSwitchApp(t)
	time.Sleep(time.Second)

	start = time.Now()
	haloy(t, "stop", "switch")
	waitLayout(t, false)
	back := haproxyReloads(t)
	t.Logf("back to the plain layout %s after the stop started", time.Since(start).Round(time.Millisecond))
	time.Sleep(time.Second)

	plainRes, secureRes := plain.Stop(), secure.Stop()
	t.Logf("HTTP under load: %s", plainRes)
	t.Logf("HTTPS under load: %s", secureRes)
	t.Logf("HAProxy reloads: %d before, %d in the TLS-ALPN layout, %d after", reloads, into, back)
	for name, res := range map[string]loadgen.Result{"HTTP": plainRes, "HTTPS": secureRes} {
		if res.Failures != 0 || res.Requests < 100 {
			t.Errorf("%s: %d of %d requests failed across the layout switches: %v", name, res.Failures, res.Requests, res.Errors)
		}
	}
	if into <= reloads || back <= into {
		t.Errorf("HAProxy reloads %d -> %d -> %d, want one reload into the TLS-ALPN layout and one back", reloads, into, back)
	}
}

// tlsALPNLayout tells which layout HAProxy serves on :443, by a handshake
// offering only ALPN acme-tls/1 for steadyDomain: in the TLS-ALPN layout
// the TCP frontend passes it to the sidecar, which refuses it (no
// challenge pending); otherwise the HTTPS frontend completes it.
func tlsALPNLayout(t *testing.T) bool {
	t.Helper()
	cfg := &tls.Config{ServerName: steadyDomain, InsecureSkipVerify: true, NextProtos: []string{"acme-tls/1"}}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", fmt.Sprintf("127.0.0.1:%d", env.httpsPort), cfg)
	if err != nil {
		return true
	}
	conn.Close()
	return false
}

// waitLayout waits until HAProxy serves the wanted layout, both live on
// :443 and in its configuration file.
func waitLayout(t *testing.T, want bool) {
	t.Helper()
	eventually(t, 30*time.Second, fmt.Sprintf("TLS-ALPN layout = %v", want), func() error {
		if got := strings.Contains(haproxyConfig(t), "frontend haloy_tls "); got != want {
			return fmt.Errorf("configuration has the TCP frontend: %v", got)
		}
		if got := tlsALPNLayout(t); got != want {
			return fmt.Errorf("an acme-tls/1 handshake is passed to the sidecar: %v", got)
		}
		return nil
	})
}

// haproxyConfig returns the configuration file HAProxy runs with (its
// image has no shell tools, so it is copied out).
func haproxyConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	docker(t, "cp", "haloy-haproxy:/usr/local/etc/haproxy/haproxy.cfg", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// checkSwitchApp checks that the TLS-ALPN-01 app is served over HTTP and,
// through the TCP frontend, over HTTPS with HTTP/2.
func checkSwitchApp(t *testing.T) {
	t.Helper()
	waitHosts(t, 30*time.Second, switchDomain, 1)
	client := httpsClient(nil)
	client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	resp, err := client.Get("https://" + switchDomain + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 {
		t.Errorf("https://%s/ = %d over %s, want 200 over HTTP/2", switchDomain, resp.StatusCode, resp.Proto)
	}
}

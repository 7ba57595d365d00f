package follow

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/certs"
)

// TestFollowerDrivesRealHAProxy runs a follower against a real HAProxy
// (the host's, in master-worker mode) and a leader's publisher over HTTP:
// the follower writes the first state before HAProxy runs, HAProxy starts
// from it, a replica swap (add, drain, remove) is applied through the
// runtime API with 0 failed requests under load, a published certificate
// is served for its domain, and with the leader gone the follower keeps
// serving and reports it.
func TestFollowerDrivesRealHAProxy(t *testing.T) {
	bin := haproxyBinary(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "run"), 0o755)
	files := certs.Files{Dir: filepath.Join(dir, "certs"), HAProxyDir: filepath.Join(dir, "certs"), UID: -1, GID: -1}
	fallback, err := files.Prepare(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	httpPort, httpsPort := freePort(t), freePort(t)
	settings := haproxy.Settings{HTTPPort: httpPort, BindAddress: "127.0.0.1", StatsSocket: filepath.Join(dir, "run", "admin.sock"), TLS: files.TLS(httpsPort)}
	settings.ChallengeServer = "127.0.0.1:9" // an address, so HAProxy asks no resolver
	settings.TLS.InternalSocket = filepath.Join(dir, "run", "https.sock")
	v1, v2 := backend(t, "v1"), backend(t, "v2")
	app := func(servers ...haproxy.Server) haproxy.Model {
		return haproxy.Model{Apps: []haproxy.App{{Name: "shop", Domains: []labels.Domain{{Canonical: "shop.test"}}, HealthCheckPath: "/", Servers: servers}}}
	}

	pub := NewPublisher()
	pub.SetModel(settings, app(v1.server("shop-1", false)))
	leader := httptest.NewServer(Handler(pub, func() (string, error) { return "tok", nil }, quiet))
	master := haproxy.Master{Socket: filepath.Join(dir, "run", "master.sock")}
	runtime := haproxy.Runtime{Socket: settings.StatsSocket}
	f := &Follower{Leader: Client{Leader: leader.URL, Token: func() (string, error) { return "tok", nil }, Wait: time.Second}, Log: quiet}
	f.Local = &HAProxy{
		Applier: &apply.Applier{Dir: dir, HAProxyDir: dir, Validator: MasterUp{Socket: master.Socket}, Reloader: master, Runtime: runtime,
			RetryLater: func(after time.Duration) { time.AfterFunc(after, f.Again) }},
		Installer: &certs.Installer{Files: files, Runtime: runtime, Reloader: master, Log: quiet},
		Fallback:  fallback,
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.Run(ctx)
	waitFor(t, func() bool { return f.Status().Version != "" })
	if _, err := os.Stat(filepath.Join(dir, apply.ConfigName)); err != nil {
		t.Fatalf("the follower wrote no configuration for the stopped HAProxy: %v", err)
	}
	startHAProxy(t, bin, master.Socket, filepath.Join(dir, apply.ConfigName))
	waitFor(t, func() bool { return version(httpPort, "shop.test") == "v1" })

	var failed, sent atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			sent.Add(1)
			if v := version(httpPort, "shop.test"); v != "v1" && v != "v2" {
				failed.Add(1)
			}
		}
	}()
	pub.SetModel(settings, app(v1.server("shop-1", false), v2.server("shop-2", false)))
	time.Sleep(300 * time.Millisecond)
	pub.SetModel(settings, app(v1.server("shop-1", true), v2.server("shop-2", false)))
	time.Sleep(300 * time.Millisecond)
	pub.SetModel(settings, app(v2.server("shop-2", false)))
	waitFor(t, func() bool { return f.Status().Servers == 1 })
	time.Sleep(300 * time.Millisecond)
	close(stop)
	<-done
	if failed.Load() != 0 || sent.Load() < 20 {
		t.Fatalf("%d of %d requests failed during the swap", failed.Load(), sent.Load())
	}
	for range 10 {
		if v := version(httpPort, "shop.test"); v != "v2" {
			t.Fatalf("after the swap: version %q, want v2", v)
		}
	}
	reloads, _ := master.Reloads(context.Background())
	t.Logf("swap through the follower: %d requests, 0 failed, %d reloads", sent.Load(), reloads)
	if reloads != 0 {
		t.Errorf("a replica swap reloaded HAProxy %d times, want 0 (runtime API)", reloads)
	}

	bundle, err := acme.SelfSigned([]string{"shop.test"})
	if err != nil {
		t.Fatal(err)
	}
	pub.SetCertificates([]certs.Bundle{{Domain: "shop.test", PEM: bundle, Hosts: []string{"shop.test"}}})
	waitFor(t, func() bool { return servedName(httpsPort, "shop.test") == "shop.test" })
	// The hosts list is synced right after the certificate is added.
	waitFor(t, func() bool { return version(httpPort, "shop.test") == "redirect" })

	leader.Close()
	waitFor(t, func() bool { return f.Status().LeaderError != "" })
	f.Again() // applying the last state again without the leader changes nothing
	time.Sleep(200 * time.Millisecond)
	if v, name := version(httpPort, "shop.test"), servedName(httpsPort, "shop.test"); v != "redirect" || name != "shop.test" {
		t.Fatalf("without the leader the follower's HAProxy answers %q with certificate %q", v, name)
	}
}

func haproxyBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if b, err := exec.LookPath(p); err == nil {
			return b
		}
	}
	t.Skip("haproxy is not installed")
	return ""
}

func startHAProxy(t *testing.T, bin, masterSocket, cfg string) {
	t.Helper()
	cmd := exec.Command(bin, "-W", "-S", masterSocket, "-f", cfg)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy output:\n%s", out.String())
		}
	})
}

// testBackend is an HTTP server answering "version=V".
type testBackend struct{ addr, port string }

func backend(t *testing.T, v string) testBackend {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintf(w, "version=%s\n", v) }))
	t.Cleanup(s.Close)
	host, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	return testBackend{host, port}
}

func (b testBackend) server(name string, draining bool) haproxy.Server {
	return haproxy.Server{Name: name, Address: b.addr, Port: b.port, Draining: draining}
}

// version is the version HAProxy on port answers for host ("" on failure).
func version(port int, host string) string {
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/", port), nil)
	req.Host = host
	c := &http.Client{Timeout: 2 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusMovedPermanently {
		return "redirect"
	}
	var v string
	fmt.Sscanf(string(b), "version=%s", &v)
	if resp.StatusCode != 200 {
		return ""
	}
	return v
}

// servedName is the first DNS name of the certificate HAProxy serves for sni.
func servedName(port int, sni string) string {
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", fmt.Sprintf("127.0.0.1:%d", port), &tls.Config{ServerName: sni, InsecureSkipVerify: true})
	if err != nil {
		return ""
	}
	defer conn.Close()
	names := conn.ConnectionState().PeerCertificates[0].DNSNames
	if slices.Contains(names, sni) {
		return sni
	}
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer collects HAProxy's output from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

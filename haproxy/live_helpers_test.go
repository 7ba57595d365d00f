package haproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// liveHAProxy is a real HAProxy in master-worker mode on 127.0.0.1.
type liveHAProxy struct {
	t        *testing.T
	cfgFile  string
	settings Settings
	runtime  Runtime
	master   Master
	log      *syncBuffer
}

// startHAProxy renders m into a temporary directory and runs
// `haproxy -W -S <dir>/master.sock -f <cfg>` until the test ends.
func startHAProxy(t *testing.T, m Model, challenge string) *liveHAProxy {
	t.Helper()
	return startHAProxyWith(t, m, challenge, nil)
}

// startHAProxyWith is startHAProxy with the settings changed by edit (nil: none).
func startHAProxyWith(t *testing.T, m Model, challenge string, edit func(*Settings)) *liveHAProxy {
	t.Helper()
	bin := haproxyPath(t)
	dir := t.TempDir()
	h := &liveHAProxy{
		t:       t,
		cfgFile: filepath.Join(dir, "haproxy.cfg"),
		settings: Settings{
			HTTPPort:        freePort(t),
			BindAddress:     "127.0.0.1",
			StatsSocket:     filepath.Join(dir, "admin.sock"),
			ChallengeServer: challenge,
		},
		master: Master{Socket: filepath.Join(dir, "master.sock")},
		log:    &syncBuffer{},
	}
	if edit != nil {
		edit(&h.settings)
	}
	h.runtime = Runtime{Socket: h.settings.StatsSocket}
	h.write(m)
	cmd := exec.Command(bin, "-W", "-S", h.master.Socket, "-f", h.cfgFile)
	cmd.Stdout, cmd.Stderr = h.log, h.log
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting haproxy: %v", err)
	}
	t.Cleanup(func() { stopProcess(t, cmd, h.log) })
	h.waitReady()
	return h
}

// write renders m into the configuration file.
func (h *liveHAProxy) write(m Model) {
	h.t.Helper()
	if err := os.WriteFile(h.cfgFile, Render(m, h.settings), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *liveHAProxy) waitReady() {
	h.t.Helper()
	eventually(h.t, 10*time.Second, "haproxy to answer on its sockets", func() error {
		if _, err := h.runtime.Exec(context.Background(), "show info"); err != nil {
			return err
		}
		_, err := h.master.Reloads(context.Background())
		return err
	})
}

// get sends GET path with the Host header host through HAProxy, without
// following redirects or reusing connections.
func (h *liveHAProxy) get(host, path string) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", h.settings.HTTPPort, path), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Host = host
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		h.t.Fatalf("GET %s%s: %v\nhaproxy log:\n%s", host, path, err, h.log)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// hits sends n requests for host and counts the answering backends by body.
func (h *liveHAProxy) hits(host string, n int) map[string]int {
	h.t.Helper()
	seen := map[string]int{}
	for range n {
		resp, body := h.get(host, "/")
		seen[fmt.Sprintf("%d %s", resp.StatusCode, body)]++
	}
	return seen
}

var noRedirectClient = &http.Client{
	Timeout:       10 * time.Second,
	Transport:     &http.Transport{DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// backend is an httptest server that answers its name and records requests.
type backend struct {
	*httptest.Server
	name string
	mu   sync.Mutex
	reqs []*http.Request
}

func newBackend(t *testing.T, name string, handler http.HandlerFunc) *backend {
	t.Helper()
	b := &backend{name: name}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		b.reqs = append(b.reqs, r.Clone(context.Background()))
		b.mu.Unlock()
		if handler != nil {
			handler(w, r)
		}
		io.WriteString(w, name)
	}))
	t.Cleanup(b.Close)
	return b
}

// server is the Model server pointing at b.
func (b *backend) server() Server {
	host, port, _ := net.SplitHostPort(b.Listener.Addr().String())
	return Server{Name: b.name, Address: host, Port: port}
}

// requests returns the recorded requests for path.
func (b *backend) requests(path string) []*http.Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*http.Request
	for _, r := range b.reqs {
		if r.URL.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// eventually retries f until it succeeds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
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

// stopProcess stops haproxy's master (which stops its workers) and logs
// its output when the test failed.
func stopProcess(t *testing.T, cmd *exec.Cmd, log *syncBuffer) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	if t.Failed() {
		t.Logf("haproxy log:\n%s", log)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(b.buf.String())
}

// errNone is returned by eventually conditions that are not met yet.
var errNone = errors.New("not yet")

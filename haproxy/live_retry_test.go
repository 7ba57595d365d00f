package haproxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestLiveRetriesRequestTheServerDropped checks that an idempotent request
// a server read and then closed the connection on without answering (a
// replica killed or crashing mid-request, or closing its keep-alive
// connections on SIGTERM) is retried on another server instead of
// failing. With retries on connection failures only, HAProxy answered 502
// or closed the client connection with no response.
func TestLiveRetriesRequestTheServerDropped(t *testing.T) {
	haproxyPath(t)
	dropper := newDropperServer(t, "dropper")
	good := newBackend(t, "good", nil)
	h := startHAProxy(t, liveApp(dropper.server, good.server()), "127.0.0.1:1")
	waitHits(t, h, "dropper", "good")

	const clients, perClient = 10, 20
	failed, total := 0, 0
	dropped := dropper.dropped.Load()
	for range clients {
		c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
		for range perClient {
			total++
			if err := getKeepAlive(c, h, "/retry"); err != nil {
				failed++
			}
		}
		c.CloseIdleConnections()
	}
	dropped = dropper.dropped.Load() - dropped
	t.Logf("failed/total: %d/%d (the dropper dropped %d requests)", failed, total, dropped)
	if dropped == 0 {
		t.Fatal("the dropper dropped no request; the test proves nothing")
	}
	if failed > 0 {
		t.Errorf("%d of %d requests failed, want 0: a GET the server dropped without an answer must be retried on another server", failed, total)
	}
}

// getKeepAlive sends GET path for liveHost through HAProxy with c and
// reads the whole answer, so c keeps its connection.
func getKeepAlive(c *http.Client, h *liveHAProxy, path string) error {
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", h.settings.HTTPPort, path), nil)
	if err != nil {
		return err
	}
	req.Host = liveHost
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// dropperServer answers health checks, and every second other request it
// reads it and closes the connection without an answer, like a process
// killed mid-request.
type dropperServer struct {
	server  Server
	name    string
	n       atomic.Int64
	dropped atomic.Int64
}

func newDropperServer(t *testing.T, name string) *dropperServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	host, port, _ := net.SplitHostPort(l.Addr().String())
	d := &dropperServer{server: Server{Name: name, Address: host, Port: port}, name: name}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go d.serve(conn)
		}
	}()
	return d
}

func (d *dropperServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		req, err := http.ReadRequest(r)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		if req.URL.Path != "/" && d.n.Add(1)%2 == 0 {
			d.dropped.Add(1)
			return
		}
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(d.name), d.name)
		if req.Close {
			return
		}
	}
}

// TestLiveDoesNotReplayUnsafeRequests checks the other half: a POST the
// server took and dropped is not sent again (it may have changed
// something), so the client sees the failure.
func TestLiveDoesNotReplayUnsafeRequests(t *testing.T) {
	haproxyPath(t)
	dropper := newDropperServer(t, "dropper")
	good := newBackend(t, "good", nil)
	h := startHAProxy(t, liveApp(dropper.server, good.server()), "127.0.0.1:1")
	waitHits(t, h, "dropper", "good")

	const total = 40
	failed, dropped, seen := 0, dropper.dropped.Load(), dropper.n.Load()
	for range total {
		req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/post", h.settings.HTTPPort), strings.NewReader("x"))
		req.Host = liveHost
		resp, err := noRedirectClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if err != nil || resp.StatusCode != 200 {
			failed++
		}
	}
	dropped, seen = dropper.dropped.Load()-dropped, dropper.n.Load()-seen
	t.Logf("failed/total %d/%d, dropped %d", failed, total, dropped)
	if dropped == 0 || failed != int(dropped) {
		t.Errorf("%d of %d POSTs failed and the server dropped %d; want every dropped POST failed, none sent again", failed, total, dropped)
	}
	if got := len(good.requests("/post")) + int(seen); got != total {
		t.Errorf("the servers received %d POSTs, want %d: a POST was sent twice", got, total)
	}
}

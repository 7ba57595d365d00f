package haproxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestLiveRuntimeAddedServersReuseConnections checks that servers added
// through the runtime API, as every new deployment's replicas are, keep
// their connections to the app open between requests. HAProxy gives a
// dynamic server no idle-connection pool unless "pool-max-conn" says so;
// without one every request opened a new TCP connection to the app.
func TestLiveRuntimeAddedServersReuseConnections(t *testing.T) {
	haproxyPath(t)
	ctx := context.Background()
	a, b := newBackend(t, "a", nil), newBackend(t, "b", nil)
	h := startHAProxy(t, liveApp(), "127.0.0.1:1")
	for _, s := range []*backend{a, b} {
		if err := h.runtime.AddServer(ctx, BackendName("app"), s.server()); err != nil {
			t.Fatal(err)
		}
	}
	waitHits(t, h, "a", "b")

	const clients, perClient = 3, 30
	for range clients {
		c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
		for range perClient {
			req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/reuse", h.settings.HTTPPort), nil)
			req.Host = liveHost
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body) // so the client keeps its connection
			resp.Body.Close()
		}
		c.CloseIdleConnections()
	}
	conns := map[string]bool{}
	for _, s := range []*backend{a, b} {
		for _, r := range s.requests("/reuse") {
			conns[r.RemoteAddr] = true
		}
	}
	if total := clients * perClient; len(conns) > total/4 {
		t.Errorf("%d requests reached the app over %d connections, want connections reused (at most %d)", total, len(conns), total/4)
	}
}

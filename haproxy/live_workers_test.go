package haproxy

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// TestLiveOldWorkersAreBounded reloads HAProxy more than MaxWorkerReloads
// times while every worker generation holds a long-lived connection (a
// response that never ends), as websockets or long downloads do. Without
// a bound each reload left one more old worker running; with
// mworker-max-reloads at most MaxWorkerReloads old ones remain.
func TestLiveOldWorkersAreBounded(t *testing.T) {
	haproxyPath(t)
	if testing.Short() {
		t.Skip("reloads many times")
	}
	ctx := context.Background()
	release := make(chan struct{})
	long := newBackend(t, "long", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/long" {
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-release
		}
	})
	t.Cleanup(func() { close(release) })
	h := startHAProxy(t, liveApp(long.server()), "127.0.0.1:1")
	waitHits(t, h, "long")
	const reloads = MaxWorkerReloads + 4
	for i := range reloads {
		holdLongRequest(t, h)
		if err := h.master.Reload(ctx); err != nil {
			t.Fatalf("reload %d: %v", i+1, err)
		}
	}
	eventually(t, 5*time.Second, "old workers to be bounded", func() error {
		out, err := h.master.exec(ctx, "show proc")
		if err != nil {
			return err
		}
		if n := len(workerLine.FindAllString(out, -1)); n > MaxWorkerReloads+1 {
			return fmt.Errorf("%d workers after %d reloads, want at most %d:\n%s", n, reloads, MaxWorkerReloads+1, out)
		}
		return nil
	})
}

var workerLine = regexp.MustCompile(`(?m)^\d+\s+worker\s`)

// holdLongRequest opens a connection through HAProxy whose response never
// ends, held by the current worker until the test ends.
func holdLongRequest(t *testing.T, h *liveHAProxy) {
	t.Helper()
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", h.settings.HTTPPort))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET /long HTTP/1.1\r\nHost: %s\r\n\r\n", liveHost)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := bufio.NewReader(conn).ReadString('\n'); err != nil {
		t.Fatalf("long request: %v", err)
	}
}

package haproxy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

const liveHost = "app.example.com"

// liveApp is an app served under liveHost by the given servers.
func liveApp(servers ...Server) Model {
	return Model{Apps: []App{{
		Name:            "app",
		Domains:         []labels.Domain{{Canonical: liveHost}},
		HealthCheckPath: "/",
		Servers:         servers,
	}}}
}

// waitHits waits until requests through HAProxy are answered by exactly
// the named backends.
func waitHits(t *testing.T, h *liveHAProxy, names ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want["200 "+n] = true
	}
	eventually(t, 5*time.Second, fmt.Sprintf("traffic to exactly %v", names), func() error {
		seen := h.hits(liveHost, 4*len(names))
		for k := range seen {
			if !want[k] {
				return fmt.Errorf("answered by %q (all: %v)", k, seen)
			}
		}
		if len(seen) != len(want) {
			return fmt.Errorf("answered by %v", seen)
		}
		return nil
	})
}

func serverByName(t *testing.T, h *liveHAProxy, name string) (ServerState, bool) {
	t.Helper()
	servers, err := h.runtime.Servers(context.Background(), BackendName("app"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range servers {
		if s.Name == name {
			return s, true
		}
	}
	return ServerState{}, false
}

func TestLiveRuntimeAddDrainRemove(t *testing.T) {
	haproxyPath(t)
	ctx := context.Background()
	a, b := newBackend(t, "a", nil), newBackend(t, "b", nil)
	h := startHAProxy(t, liveApp(a.server()), "127.0.0.1:1")
	be := BackendName("app")
	waitHits(t, h, "a")

	if err := h.runtime.AddServer(ctx, be, b.server()); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "a", "b")
	st, ok := serverByName(t, h, "b")
	if !ok || st.Address != "127.0.0.1" || st.Port != b.server().Port || st.Weight != ServerWeight || st.Draining() || st.Maintenance() {
		t.Errorf("added server state: %+v (found %v)", st, ok)
	}

	if err := h.runtime.DrainServer(ctx, be, "a"); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "b")
	if st, _ := serverByName(t, h, "a"); !st.Draining() || !st.Up() {
		t.Errorf("drained server state: %+v, want draining and up", st)
	}
	if err := h.runtime.ReadyServer(ctx, be, "a"); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "a", "b")

	eventually(t, 5*time.Second, "removing server a once its idle connections are purged", func() error {
		return h.runtime.RemoveServer(ctx, be, "a")
	})
	waitHits(t, h, "b")
	if _, ok := serverByName(t, h, "a"); ok {
		t.Error("removed server still listed")
	}
}

func TestLiveRuntimeDrainingFromFile(t *testing.T) {
	haproxyPath(t)
	a, b := newBackend(t, "a", nil), newBackend(t, "b", nil)
	drained := b.server()
	drained.Draining = true
	h := startHAProxy(t, liveApp(a.server(), drained), "127.0.0.1:1")
	waitHits(t, h, "a")
	if st, _ := serverByName(t, h, "b"); !st.Draining() || st.Weight != 0 {
		t.Errorf("server written draining: %+v", st)
	}
	if err := h.runtime.ReadyServer(context.Background(), BackendName("app"), "b"); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "a", "b")
}

func TestLiveRuntimeRemoveWaitsForSessions(t *testing.T) {
	haproxyPath(t)
	ctx := context.Background()
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	slow := newBackend(t, "slow", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			entered <- struct{}{}
			<-release
		}
	})
	other := newBackend(t, "other", nil)
	h := startHAProxy(t, liveApp(slow.server(), other.server()), "127.0.0.1:1")
	be := BackendName("app")
	waitHits(t, h, "slow", "other")
	if err := h.runtime.DrainServer(ctx, be, "other"); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "slow")

	done := make(chan string)
	go func() {
		resp, body := h.get(liveHost, "/slow")
		done <- fmt.Sprintf("%d %s", resp.StatusCode, body)
	}()
	<-entered
	if err := h.runtime.DrainServer(ctx, be, "slow"); err != nil {
		t.Fatal(err)
	}
	if n, err := h.runtime.Sessions(ctx, be, "slow"); err != nil || n != 1 {
		t.Fatalf("Sessions = %d, %v; want 1 in-flight request", n, err)
	}
	if err := h.runtime.RemoveServer(ctx, be, "slow"); !errors.Is(err, ErrServerBusy) {
		t.Fatalf("RemoveServer with a request in flight: %v, want ErrServerBusy", err)
	}
	close(release)
	if got := <-done; got != "200 slow" {
		t.Errorf("in-flight request through a removed-in-progress server: %q", got)
	}
	eventually(t, 5*time.Second, "the slow server to have no sessions", func() error {
		if n, err := h.runtime.Sessions(ctx, be, "slow"); err != nil || n != 0 {
			return fmt.Errorf("%d sessions, %v", n, err)
		}
		return nil
	})
	// Idle pooled connections go after pool-purge-delay (1s); until then
	// deletion answers ErrServerBusy and the server stays in maintenance.
	eventually(t, 5*time.Second, "RemoveServer once the last request finished", func() error {
		return h.runtime.RemoveServer(ctx, be, "slow")
	})
}

func TestLiveRuntimeErrors(t *testing.T) {
	haproxyPath(t)
	ctx := context.Background()
	a := newBackend(t, "a", nil)
	h := startHAProxy(t, liveApp(a.server()), "127.0.0.1:1")
	be := BackendName("app")

	var cmdErr *CommandError
	if err := h.runtime.AddServer(ctx, be, a.server()); !errors.As(err, &cmdErr) || cmdErr.Answer == "" {
		t.Errorf("adding a duplicate server: %v, want a CommandError with HAProxy's answer", err)
	}
	if err := h.runtime.DrainServer(ctx, be, "ghost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("draining an unknown server: %v, want ErrNotFound", err)
	}
	if _, err := h.runtime.Servers(ctx, "app_ghost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("servers of an unknown backend: %v, want ErrNotFound", err)
	}
	if _, err := h.runtime.Sessions(ctx, be, "ghost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("sessions of an unknown server: %v, want ErrNotFound", err)
	}
	if err := h.runtime.AddServer(ctx, be, Server{Name: "x;shutdown", Address: "127.0.0.1", Port: "80"}); err == nil {
		t.Error("a server name with ';' was sent to HAProxy")
	}
}

func TestLiveRuntimeAddToEmptyBackend(t *testing.T) {
	haproxyPath(t)
	a := newBackend(t, "a", nil)
	h := startHAProxy(t, liveApp(), "127.0.0.1:1")
	if resp, _ := h.get(liveHost, "/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("app without servers answered %d, want 503", resp.StatusCode)
	}
	if err := h.runtime.AddServer(context.Background(), BackendName("app"), a.server()); err != nil {
		t.Fatal(err)
	}
	waitHits(t, h, "a")
}

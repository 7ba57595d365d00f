package haproxy

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/labels"
)

// structuralReloads is how many reloads TestLiveStructuralReloadsLoseNothing makes.
const structuralReloads = 20

// TestLiveStructuralReloadsLoseNothing reloads HAProxy through the master
// socket structuralReloads times, each into a configuration with another
// app added or removed, while keep-alive connections and fresh ones send
// requests to an app that stays. No request may fail in any reload.
func TestLiveStructuralReloadsLoseNothing(t *testing.T) {
	haproxyPath(t)
	if testing.Short() {
		t.Skip("reloads under load for several seconds")
	}
	ctx := context.Background()
	a, b := newBackend(t, "a", nil), newBackend(t, "b", nil)
	h := startHAProxy(t, liveApp(a.server()), "127.0.0.1:1")
	waitHits(t, h, "a")
	failedRuns := 0
	for run := 1; run <= structuralReloads; run++ {
		load := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", h.settings.HTTPPort), Host: liveHost, KeepAlive: 8, FreshPerSecond: 50})
		time.Sleep(150 * time.Millisecond)
		m := liveApp(a.server())
		if run%2 == 1 {
			m.Apps = append(m.Apps, App{Name: "other", Domains: []labels.Domain{{Canonical: "other.example.com"}}, HealthCheckPath: "/", Servers: []Server{b.server()}})
		}
		h.write(m)
		if err := h.master.Reload(ctx); err != nil {
			t.Fatalf("reload %d: %v", run, err)
		}
		time.Sleep(250 * time.Millisecond)
		res := load.Stop()
		t.Logf("reload %d/%d: failed/total %d/%d %v", run, structuralReloads, res.Failures, res.Requests, res.Errors)
		if res.Requests == 0 || res.Failures != 0 {
			failedRuns++
		}
	}
	if failedRuns > 0 {
		t.Errorf("requests failed in %d of %d structural reloads", failedRuns, structuralReloads)
	}
}

package apply

import (
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// TestReloadsAreRateLimitedAndFolded checks that structural changes coming
// faster than ReloadInterval cost one reload per interval: the later ones
// wait, one pass is asked for when the interval ends, and that reload
// loads the latest model, with every change made meanwhile.
func TestReloadsAreRateLimitedAndFolded(t *testing.T) {
	const interval = 300 * time.Millisecond
	g := newRig(t)
	g.a.ReloadInterval = interval
	var asked []time.Duration
	g.a.RetryLater = func(d time.Duration) { asked = append(asked, d) }

	apps := []string{"a", "b", "c", "d"}
	var m haproxy.Model
	for i, app := range apps {
		m.Apps = append(m.Apps, model(app, "10.0.0.1").Apps...)
		out, err := g.apply(t, m)
		want := Deferred
		if i == 0 {
			want = Reloaded
		}
		if err != nil || out != want {
			t.Fatalf("Apply %d = %q, %v; want %q", i, out, err, want)
		}
	}
	if g.r.loads != 1 {
		t.Errorf("reloads = %d within the interval; want 1", g.r.loads)
	}
	if len(asked) != 1 || asked[0] <= 0 || asked[0] > interval {
		t.Errorf("passes asked for = %v; want one, within %v", asked, interval)
	}
	time.Sleep(asked[0])
	if out, err := g.apply(t, m); err != nil || out != Reloaded {
		t.Fatalf("Apply after the interval = %q, %v; want %q", out, err, Reloaded)
	}
	if g.r.loads != 2 || string(g.r.loaded) != rendered(m) {
		t.Errorf("reloads = %d; want 2, the last with all %d apps", g.r.loads, len(apps))
	}
}

// TestRuntimeChangesAreNotRateLimited checks that server changes, which
// need no reload, apply at once right after a reload.
func TestRuntimeChangesAreNotRateLimited(t *testing.T) {
	g, _ := runtimeRig(t, withServers(server("web-1-1", "10.0.0.1", false)))
	g.a.ReloadInterval = time.Hour
	g.a.lastReload = time.Now()
	next := withServers(server("web-1-1", "10.0.0.1", true), server("web-2-1", "10.0.0.2", false))
	if out, err := g.apply(t, next); err != nil || out != RuntimeApplied {
		t.Fatalf("server change = %q, %v; want %q", out, err, RuntimeApplied)
	}
}

package probe

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

// app is a test server on 127.0.0.1 that answers its health path with 503
// until it is made healthy, and 404 on every other path.
type app struct {
	srv     *httptest.Server
	healthy atomic.Bool
	hits    atomic.Int64
}

const healthPath = "/healthz"

func newApp(t *testing.T) *app {
	t.Helper()
	a := &app{}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.hits.Add(1)
		switch {
		case r.URL.Path != healthPath:
			w.WriteHeader(http.StatusNotFound)
		case a.healthy.Load():
			w.WriteHeader(http.StatusNoContent)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(a.srv.Close)
	return a
}

// container returns a running container without HEALTHCHECK whose labels
// point at the app's port and health path.
func (a *app) container(id string) routing.Container {
	host, port, err := net.SplitHostPort(a.srv.Listener.Addr().String())
	if err != nil {
		panic(err)
	}
	return routing.Container{
		ID:      id,
		Name:    "c-" + id,
		Running: true,
		Address: host,
		Labels: labels.Encode(labels.Route{
			AppName:         "web",
			Port:            port,
			HealthCheckPath: healthPath,
			Domains:         []labels.Domain{{Canonical: "web.example.com"}},
		}),
	}
}

// newProber returns a fast prober that counts its notifications and is
// stopped when the test ends.
func newProber(t *testing.T) (*Prober, *atomic.Int64) {
	t.Helper()
	var notified atomic.Int64
	p := New(func() { notified.Add(1) })
	p.Interval = 5 * time.Millisecond
	t.Cleanup(p.Stop)
	return p, &notified
}

// mark marks one container and returns it.
func mark(ctx context.Context, p *Prober, c routing.Container) routing.Container {
	cs := []routing.Container{c}
	p.Mark(ctx, cs)
	return cs[0]
}

// eventually polls cond until it holds, failing after 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// settle gives running probes time for several attempts.
func settle() { time.Sleep(50 * time.Millisecond) }

func TestReadyOnlyAfterHealthPathAnswers2xx(t *testing.T) {
	ctx := t.Context()
	a := newApp(t)
	p, notified := newProber(t)
	c := a.container("c1")

	if mark(ctx, p, c).Ready {
		t.Fatal("ready before any probe answered")
	}
	eventually(t, "probes", func() bool { return a.hits.Load() >= 3 })
	if mark(ctx, p, c).Ready || notified.Load() != 0 {
		t.Fatalf("ready (notified %d) while the health path answers 503", notified.Load())
	}

	a.healthy.Store(true)
	eventually(t, "the notification", func() bool { return notified.Load() == 1 })
	if !mark(ctx, p, c).Ready {
		t.Fatal("not ready after the health path answered 2xx")
	}

	// Ready containers are not probed any more: HAProxy checks them now.
	hits := a.hits.Load()
	settle()
	if !mark(ctx, p, c).Ready || a.hits.Load() != hits || notified.Load() != 1 {
		t.Errorf("after ready: hits %d -> %d, notified %d; want no more probes and one notification", hits, a.hits.Load(), notified.Load())
	}
}

func TestProbeUsesTheLabelledPath(t *testing.T) {
	a := newApp(t)
	a.healthy.Store(true)
	p, notified := newProber(t)
	c := a.container("c1")
	c.Labels[labels.HealthCheckPath] = "/other"
	mark(t.Context(), p, c)
	eventually(t, "probes", func() bool { return a.hits.Load() >= 3 })
	if mark(t.Context(), p, c).Ready || notified.Load() != 0 {
		t.Error("ready although the labelled health path answers 404")
	}
}

func TestHealthcheckContainersFollowDocker(t *testing.T) {
	a := newApp(t)
	a.healthy.Store(true) // a probe would succeed; it must not be made
	p, notified := newProber(t)
	for _, tt := range []struct {
		health routing.Health
		ready  bool
	}{
		{routing.HealthStarting, false},
		{routing.HealthHealthy, true},
		{routing.HealthUnhealthy, false},
		{routing.HealthHealthy, true},
	} {
		c := a.container("c1")
		c.Health = tt.health
		if got := mark(t.Context(), p, c).Ready; got != tt.ready {
			t.Errorf("health %q: Ready = %v, want %v", tt.health, got, tt.ready)
		}
	}
	settle()
	if a.hits.Load() != 0 || notified.Load() != 0 {
		t.Errorf("containers with a HEALTHCHECK were probed (%d hits, %d notifications)", a.hits.Load(), notified.Load())
	}
}

func TestStoppedContainersAreForgotten(t *testing.T) {
	ctx := t.Context()
	a := newApp(t)
	a.healthy.Store(true)
	p, notified := newProber(t)
	c := a.container("c1")
	mark(ctx, p, c)
	eventually(t, "ready", func() bool { return notified.Load() == 1 })
	if !mark(ctx, p, c).Ready {
		t.Fatal("not ready")
	}

	c.Running = false
	if mark(ctx, p, c).Ready {
		t.Error("a stopped container is ready")
	}
	// Started again, it must prove itself again.
	a.healthy.Store(false)
	c.Running = true
	if mark(ctx, p, c).Ready {
		t.Error("a restarted container kept its old readiness")
	}
	a.healthy.Store(true)
	eventually(t, "ready again", func() bool { return notified.Load() == 2 })
	if !mark(ctx, p, c).Ready {
		t.Error("not ready after it answered again")
	}
}

func TestProbesOfStoppedOrGoneContainersEnd(t *testing.T) {
	ctx := t.Context()
	a, b := newApp(t), newApp(t)
	p, notified := newProber(t)
	stoppedC, goneC := a.container("stopped"), b.container("gone")
	p.Mark(ctx, []routing.Container{stoppedC, goneC})
	eventually(t, "probes", func() bool { return a.hits.Load() > 0 && b.hits.Load() > 0 })

	stoppedC.Running = false
	p.Mark(ctx, []routing.Container{stoppedC}) // gone is no longer listed
	settle()
	ha, hb := a.hits.Load(), b.hits.Load()
	settle()
	if a.hits.Load() != ha || b.hits.Load() != hb {
		t.Errorf("probes went on: %d -> %d and %d -> %d hits", ha, a.hits.Load(), hb, b.hits.Load())
	}
	a.healthy.Store(true)
	b.healthy.Store(true)
	settle()
	if notified.Load() != 0 {
		t.Errorf("notified %d times for forgotten containers", notified.Load())
	}
}

func TestNoAddressNoProbeUntilAttached(t *testing.T) {
	ctx := t.Context()
	a := newApp(t)
	a.healthy.Store(true)
	p, notified := newProber(t)
	c := a.container("c1")
	addr := c.Address
	c.Address = ""
	if mark(ctx, p, c).Ready {
		t.Fatal("ready without an address")
	}
	settle()
	c.Address = addr
	mark(ctx, p, c)
	eventually(t, "ready once attached", func() bool { return notified.Load() == 1 })
	if !mark(ctx, p, c).Ready {
		t.Error("not ready after it was attached and answered")
	}
}

func TestProbeEndedByAnExpiredContextIsStartedAgain(t *testing.T) {
	a := newApp(t)
	p, notified := newProber(t)
	c := a.container("c1")
	short, cancel := context.WithCancel(context.Background())
	mark(short, p, c)
	eventually(t, "a probe", func() bool { return a.hits.Load() > 0 })
	cancel()
	settle()

	a.healthy.Store(true)
	mark(t.Context(), p, c)
	eventually(t, "ready", func() bool { return notified.Load() == 1 })
	if !mark(t.Context(), p, c).Ready {
		t.Error("not ready")
	}
}

func TestWarmMarksAnsweringContainersReadyAtOnce(t *testing.T) {
	up, down := newApp(t), newApp(t)
	up.healthy.Store(true)
	p, notified := newProber(t)
	ctx := context.Background()
	cs := []routing.Container{up.container("up"), down.container("down")}
	p.Warm(ctx, cs)
	p.Mark(ctx, cs)
	if !cs[0].Ready {
		t.Error("a container that answered 2xx during Warm is not ready at the first Mark")
	}
	if cs[1].Ready {
		t.Error("a container answering 503 is ready after Warm")
	}
	if notified.Load() != 0 {
		t.Errorf("Warm notified %d times, want 0 (the first pass follows it anyway)", notified.Load())
	}
}

func TestLongFailingProbeIsReported(t *testing.T) {
	down := newApp(t)
	p, _ := newProber(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := mark(ctx, p, down.container("down"))
	if c.ProbeError != "" {
		t.Fatalf("ProbeError = %q right after start, want none", c.ProbeError)
	}
	p.mu.Lock()
	p.probing["down"].started = time.Now().Add(-ReportAfter - time.Second)
	p.mu.Unlock()
	eventually(t, "probe error recorded", func() bool {
		c = mark(ctx, p, down.container("down"))
		return c.ProbeError != ""
	})
	if !strings.Contains(c.ProbeError, "status 503") || !strings.Contains(c.ProbeError, healthPath) {
		t.Errorf("ProbeError = %q, want the URL and the 503", c.ProbeError)
	}
}

func TestProbeOutlivesThePassThatStartedIt(t *testing.T) {
	a := newApp(t)
	p, notified := newProber(t)
	ctx, cancel := context.WithCancel(context.Background())
	mark(ctx, p, a.container("slow"))
	cancel() // the pass is over
	a.healthy.Store(true)
	eventually(t, "ready after the pass ended", func() bool { return notified.Load() == 1 })
	if c := mark(context.Background(), p, a.container("slow")); !c.Ready {
		t.Error("container not ready at the next pass")
	}
}

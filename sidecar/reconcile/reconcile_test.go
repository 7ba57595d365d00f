package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/haloydev/haloy/routing"
)

func TestBurstOfHintsCoalesces(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1")}}
	h := start(t, lister)
	h.waitPasses(t, 1) // the pass at start

	for range 50 {
		h.loop.Hint()
	}
	h.waitPasses(t, 2)
	h.quiet()
	if extra := lister.count() - 1; extra < 1 || extra > 2 {
		t.Errorf("50 hints caused %d passes, want 1 or 2", extra)
	}
	if got := h.loop.Status().Passes; got != lister.count() {
		t.Errorf("Status().Passes = %d, want %d", got, lister.count())
	}
}

func TestHintDuringAPassIsNotLost(t *testing.T) {
	gate := make(chan struct{})
	entered := make(chan int, 10)
	lister := &fakeLister{entered: entered}
	h := start(t, lister)
	<-entered // the pass at start
	lister.mu.Lock()
	lister.gate = gate
	lister.mu.Unlock()

	h.loop.Hint()
	<-entered // the hinted pass is listing and blocked
	lister.mu.Lock()
	lister.gate = nil
	lister.mu.Unlock()
	for range 10 {
		h.loop.Hint() // these arrive while the pass runs
	}
	close(gate)
	h.waitPasses(t, 3)
	h.quiet()
	if got := lister.count(); got != 3 {
		t.Errorf("list calls = %d, want 3: start, the hinted pass, one for the hints during it", got)
	}
}

func TestProblemsAreLoggedOnce(t *testing.T) {
	const msg = "container not routed as labelled"
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1"), badPort("bad-1")}}
	h := start(t, lister)
	for n := 1; n <= 4; n++ {
		h.waitPasses(t, n)
		h.quiet()
		h.loop.Hint()
	}
	h.waitPasses(t, 5)
	h.quiet()
	if got := h.logs.count(msg); got != 1 {
		t.Fatalf("the problem was logged %d times over %d passes, want once", got, lister.count())
	}
	if logs := h.logs.String(); !strings.Contains(logs, "container=bad-1") {
		t.Errorf("the log does not name the container:\n%s", logs)
	}
	if ps := h.loop.Status().Problems; len(ps) != 1 || ps[0].Container != "bad-1" {
		t.Errorf("Status().Problems = %v, want bad-1's", ps)
	}

	// Fixed, then broken again: a new problem, logged again.
	lister.set([]routing.Container{app("web-1", "web", "10.0.0.1")}, nil)
	h.loop.Hint()
	h.waitPasses(t, 6)
	h.quiet()
	lister.set([]routing.Container{app("web-1", "web", "10.0.0.1"), badPort("bad-1")}, nil)
	h.loop.Hint()
	h.waitPasses(t, 7)
	h.quiet()
	if got := h.logs.count(msg); got != 2 {
		t.Errorf("a problem that came back was logged %d times in all, want 2", got)
	}
}

func TestListerErrorLeavesRoutingUntouched(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1")}}
	h := start(t, lister)
	h.waitPasses(t, 1)
	waitFor(t, "the first apply", func() bool { return h.applier.count() == 1 })
	before := h.loop.Status()

	lister.set(nil, errors.New("cannot connect to the docker daemon"))
	h.loop.Hint()
	h.waitPasses(t, 2)
	h.quiet()
	if got := h.applier.count(); got != 1 {
		t.Errorf("Apply was called %d times, want 1: a failed list must not change routing", got)
	}
	st := h.loop.Status()
	if !strings.Contains(st.LastError, "cannot connect") {
		t.Errorf("LastError = %q, want the lister's error", st.LastError)
	}
	if len(st.Apps) != 1 || st.Apps[0].Name != "web" || st.Passes != before.Passes {
		t.Errorf("status after a failed list = %+v, want the last good pass's apps and count", st)
	}

	lister.set([]routing.Container{app("web-1", "web", "10.0.0.1")}, nil)
	h.loop.Hint()
	h.waitPasses(t, 3)
	waitFor(t, "the next apply", func() bool { return h.applier.count() == 2 })
	h.quiet()
	if st := h.loop.Status(); st.LastError != "" {
		t.Errorf("LastError = %q after a good pass, want it cleared", st.LastError)
	}
}

func TestStatusCountsReloadsAndApplyErrors(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1")}}
	h := start(t, lister)
	h.waitPasses(t, 1)
	h.loop.Hint()
	h.waitPasses(t, 2)
	h.quiet()
	if st := h.loop.Status(); st.Reloads != 1 || st.Passes != 2 {
		t.Errorf("Reloads = %d, Passes = %d; want 1 reload (the model did not change) in 2 passes", st.Reloads, st.Passes)
	}

	h.applier.mu.Lock()
	h.applier.err = errors.New("haproxy rejected the new configuration")
	h.applier.mu.Unlock()
	h.loop.Hint()
	h.waitPasses(t, 3)
	h.quiet()
	if st := h.loop.Status(); !strings.Contains(st.LastError, "rejected") {
		t.Errorf("LastError = %q, want the applier's error", st.LastError)
	}
	if st := h.loop.Status(); st.Reloads != 1 {
		t.Errorf("Reloads = %d after a failed apply, want 1", st.Reloads)
	}
}

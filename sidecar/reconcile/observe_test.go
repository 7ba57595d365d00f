package reconcile

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/observe"
)

// TestEachPassPublishesWhatItObserved: every pass publishes one snapshot
// (its build with each app's ACME settings, the problems, the count of
// labelled containers); TLS-ALPN-01 counts as routed only once HAProxy
// took a model with it, and the status shows the same apps and problems.
func TestEachPassPublishesWhatItObserved(t *testing.T) {
	alpn := app("alpn-1", "alpn", "10.0.0.1")
	alpn.Labels[labels.ACMEChallenge] = labels.ChallengeTLSALPN01
	alpn.Labels[labels.ACMEEmail] = "ops@example.com"
	lister := &fakeLister{cs: []routing.Container{alpn, badPort("bad-1")}}
	h := start(t, lister)
	first := h.nextSnapshot(t, 1)
	if first.Containers != 2 || !first.TLSALPNRouted || len(first.Routing.Problems) != 1 {
		t.Errorf("first snapshot: %d containers, TLS-ALPN routed %v, problems %+v; want 2, true, the bad port",
			first.Containers, first.TLSALPNRouted, first.Routing.Problems)
	}
	if got, want := first.Routing.ACME["alpn"], (routing.ACME{Email: "ops@example.com", Challenge: labels.ChallengeTLSALPN01}); got != want {
		t.Errorf("alpn's ACME = %+v, want %+v", got, want)
	}

	h.applier.mu.Lock()
	h.applier.err = errors.New("haproxy is down")
	h.applier.mu.Unlock()
	lister.set([]routing.Container{app("plain-1", "plain", "10.0.0.2")}, nil)
	h.loop.Hint()
	second := h.nextSnapshot(t, 2)
	if len(second.Routing.Model.Apps) != 1 || second.Routing.Model.Apps[0].Name != "plain" {
		t.Errorf("second snapshot routes %+v, want the plain app only (observed even though applying failed)", second.Routing.Model.Apps)
	}
	if !second.TLSALPNRouted {
		t.Error("TLS-ALPN-01 counts as no longer routed, but HAProxy never took the model without it")
	}
	st := h.loop.Status()
	if !reflect.DeepEqual(st.Apps, second.Routing.Apps) || len(st.Problems) != 0 || st.Passes != 2 {
		t.Errorf("status: passes %d, apps %+v, problems %+v; want pass 2 with the snapshot's apps and no problems", st.Passes, st.Apps, st.Problems)
	}
	st.Apps[0].Deployments[0].Replicas[0].Sessions = 7 // as a status request fills it in
	if again, _ := h.loop.Observations().Latest(); again.Routing.Apps[0].Deployments[0].Replicas[0].Sessions != 0 {
		t.Error("filling in the status changed the published snapshot")
	}
}

// TestObservationIsPublishedBeforeApplying: a pass publishes what it
// built before HAProxy takes it (a reload can take a while, and a new
// domain's certificate order need not wait for it), then again once
// applied.
func TestObservationIsPublishedBeforeApplying(t *testing.T) {
	alpn := app("alpn-1", "alpn", "10.0.0.1")
	alpn.Labels[labels.ACMEChallenge] = labels.ChallengeTLSALPN01
	lister := &fakeLister{cs: []routing.Container{alpn}}
	gate := make(chan struct{})
	h := &harness{lister: lister, applier: &fakeApplier{gate: gate}, logs: &lockedBuffer{}}
	h.loop = New(lister, readyMarker{}, h.applier, slog.New(slog.NewTextHandler(h.logs, nil)))
	h.loop.Resync = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); h.loop.Run(ctx) }()
	defer func() { cancel(); <-done }()
	var built observe.Snapshot
	waitFor(t, "the snapshot before applying", func() bool {
		built, _ = h.loop.Observations().Latest()
		return built.Pass == 1
	})
	if built.Applied || built.TLSALPNRouted || len(built.Routing.Model.Apps) != 1 || h.applier.count() != 0 {
		t.Errorf("before applying: applied %v, TLS-ALPN routed %v, %d apps, %d models applied; want false, false, 1, 0",
			built.Applied, built.TLSALPNRouted, len(built.Routing.Model.Apps), h.applier.count())
	}
	close(gate)
	if after := h.nextSnapshot(t, 1); !after.TLSALPNRouted {
		t.Error("after HAProxy took the model, TLS-ALPN-01 does not count as routed")
	}
}

// nextSnapshot waits for the applied snapshot of pass n.
func (h *harness) nextSnapshot(t *testing.T, n int) observe.Snapshot {
	t.Helper()
	var snap observe.Snapshot
	waitFor(t, "the snapshot of the pass", func() bool {
		snap, _ = h.loop.Observations().Latest()
		return snap.Pass > n || snap.Pass == n && snap.Applied
	})
	if snap.Pass != n {
		t.Fatalf("snapshot of pass %d, want %d", snap.Pass, n)
	}
	return snap
}

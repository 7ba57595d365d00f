package daemon

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/membership"
)

const heldID = "20260101120000"

// heldGate is a gate whose store registered deployment heldID of app web
// with containers a and b, not promoted.
func heldGate(t *testing.T) *gate {
	t.Helper()
	g := newGate(Config{MembershipFile: filepath.Join(t.TempDir(), "membership.json")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	err := g.store.Update(func(st *membership.State) error {
		st.Register("web", heldID, []string{"a", "b"}, false, time.Now())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func replica(id string, ready bool) routing.Container {
	return routing.Container{ID: id, Name: "web-" + id, Running: true, Ready: ready,
		Labels: map[string]string{labels.Role: "app", labels.AppName: "web", labels.DeploymentID: heldID}}
}

func TestHeldPromotionRoutesInThePassThatSeesAllReady(t *testing.T) {
	g := heldGate(t)
	hinted := make(chan struct{}, 1)
	g.hint = func() { hinted <- struct{}{} }
	done := make(chan error, 1)
	go func() { done <- g.PromoteWhenReady(context.Background(), "web", heldID) }()
	<-hinted

	adm, err := g.Admit([]routing.Container{replica("a", true), replica("b", false)})
	if err != nil || adm["a"].Verdict != routing.Hold {
		t.Fatalf("one replica not ready: %+v, %v; want held", adm["a"], err)
	}
	adm, err = g.Admit([]routing.Container{replica("a", true), replica("b", true)})
	if err != nil || adm["a"].Verdict != routing.Admit || adm["b"].Verdict != routing.Admit {
		t.Fatalf("all ready: %+v, %v; want both admitted in the same pass", adm, err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("PromoteWhenReady did not return after the promotion")
	}
	st, _ := g.store.Load()
	if !st.Apps["web"].Deployments[heldID].Promoted {
		t.Fatal("the promotion is not in the state file: a restarted sidecar would route differently")
	}
}

func TestHeldPromotionIsDroppedWhenItsRequestEnds(t *testing.T) {
	g := heldGate(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.PromoteWhenReady(ctx, "web", heldID) }()
	for len(g.pending.keys()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel() // the deploy went away
	if err := <-done; err == nil {
		t.Fatal("PromoteWhenReady returned nil after its context ended")
	}
	adm, err := g.Admit([]routing.Container{replica("a", true), replica("b", true)})
	if err != nil || adm["a"].Verdict != routing.Hold {
		t.Fatalf("after the request ended: %+v, %v; want still held", adm["a"], err)
	}
}

func TestHeldPromotionRefusesAnUnregisteredDeployment(t *testing.T) {
	g := heldGate(t)
	if err := g.PromoteWhenReady(context.Background(), "web", "20260101130000"); err == nil {
		t.Fatal("an unregistered deployment's promotion was held")
	}
}

package deploy

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// promotingSidecar reports deployment "new"'s replicas ready, and serving
// once selfPromotes is set or Promote was called.
type promotingSidecar struct {
	mu           sync.Mutex
	selfPromotes bool
	promotes     int
	handedOver   []string
}

func (s *promotingSidecar) Status(context.Context) (wire.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := routing.AppStatus{Name: "web", Deployments: []routing.DeploymentStatus{{ID: "new",
		Replicas: []routing.ReplicaStatus{{Container: "web-1", Running: true, Ready: true}}}}}
	if s.selfPromotes || s.promotes > 0 {
		a.Serving = "new"
	}
	return wire.Status{Apps: []routing.AppStatus{a}}, nil
}

func (s *promotingSidecar) Register(context.Context, string, string, []string, bool) error {
	return nil
}

func (s *promotingSidecar) Promote(context.Context, string, string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.promotes++
	return nil
}

func (s *promotingSidecar) Retire(context.Context, string) error { return nil }
func (s *promotingSidecar) Forget(context.Context, string) error { return nil }
func (s *promotingSidecar) HandOver(_ context.Context, _ string, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handedOver = append(s.handedOver, ids...)
	return nil
}

func TestWaitServingPromotesOnceReady(t *testing.T) {
	s := &promotingSidecar{}
	d := &Deployer{Sidecar: s, Registry: s}
	if err := d.waitServing(context.Background(), "web", "new", nil, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if s.promotes != 1 {
		t.Errorf("promoted %d time(s), want once", s.promotes)
	}
}

func TestRetireHandsTheDrainedReplicasOver(t *testing.T) {
	s := &promotingSidecar{selfPromotes: true}
	d := &Deployer{Sidecar: s, Registry: s, Timings: &Timings{}} // no Engine: removing here would panic
	old := []engine.Container{{ID: "c-old-1", Name: "web-old-1"}, {ID: "c-old-2", Name: "web-old-2"}}
	if err := d.retire(context.Background(), "web", "new", old, time.Second); err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.handedOver, ",") != "c-old-1,c-old-2" {
		t.Errorf("handed over %v, want both old containers", s.handedOver)
	}
	if _, ok := d.Timings.Took(StepHandOver); !ok {
		t.Errorf("no %s step in %s", StepHandOver, d.Timings)
	}
}

// holdingSidecar is a promotingSidecar that holds promotions: it promotes
// by itself, or fails the hold with holdErr.
type holdingSidecar struct {
	promotingSidecar
	holdErr error
}

func (s *holdingSidecar) PromoteWhenReady(context.Context, string, string) error {
	if s.holdErr != nil {
		return s.holdErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.selfPromotes = true
	return nil
}

func TestWaitServingLeavesAHeldPromotionToTheSidecar(t *testing.T) {
	s := &holdingSidecar{}
	d := &Deployer{Sidecar: s, Registry: s}
	if err := d.waitServing(context.Background(), "web", "new", nil, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if s.promotes != 0 {
		t.Errorf("the deploy promoted %d time(s) though the sidecar held the promotion", s.promotes)
	}
}

func TestWaitServingPromotesWhenTheHoldFails(t *testing.T) {
	for _, holdErr := range []error{ErrNotHeld, context.Canceled, errors.New("the session ended")} {
		s := &holdingSidecar{holdErr: holdErr}
		d := &Deployer{Sidecar: s, Registry: s}
		if err := d.waitServing(context.Background(), "web", "new", nil, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		if s.promotes != 1 {
			t.Errorf("hold failing with %v: the deploy promoted %d time(s), want once", holdErr, s.promotes)
		}
	}
}

// applyingSidecar reports deployment "new" serving while its routing is
// still being applied for the first applying statuses.
type applyingSidecar struct {
	holdingSidecar
	applying int
}

func (s *applyingSidecar) Status(ctx context.Context) (wire.Status, error) {
	st, err := s.holdingSidecar.Status(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.applying > 0 {
		s.applying--
		st.Applying = true
	}
	return st, err
}

func TestWaitServingWaitsUntilHAProxyRunsTheRouting(t *testing.T) {
	s := &applyingSidecar{applying: 3}
	s.selfPromotes = true
	d := &Deployer{Sidecar: s, Registry: s}
	if err := d.waitServing(context.Background(), "web", "new", nil, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if s.applying != 0 {
		t.Errorf("the deploy returned while the sidecar still applied the routing (%d applying statuses left)", s.applying)
	}
}

package deploy

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/reconcile"
)

// pollingSidecar answers Status with its passes counter, one higher per call.
type pollingSidecar struct{ polls int }

func (p *pollingSidecar) Status(context.Context) (reconcile.Status, error) {
	p.polls++
	return reconcile.Status{Passes: p.polls}, nil
}

// streamingSidecar streams the given statuses, then fails with broken
// (or, when nil, waits for ctx); it also polls like pollingSidecar.
type streamingSidecar struct {
	pollingSidecar
	stream  []reconcile.Status
	broken  error
	watched int
}

func (s *streamingSidecar) Watch(ctx context.Context, fn func(reconcile.Status) bool) error {
	s.watched++
	for _, st := range s.stream {
		if !fn(st) {
			return nil
		}
	}
	if s.broken != nil {
		return s.broken
	}
	<-ctx.Done()
	return ctx.Err()
}

// passesAtLeast is a check that is done once Passes reaches n.
func passesAtLeast(n int, seen *[]int) func(reconcile.Status) (bool, error) {
	return func(st reconcile.Status) (bool, error) {
		*seen = append(*seen, st.Passes)
		return st.Passes >= n, nil
	}
}

func TestFollowUsesTheStreamWithoutPolling(t *testing.T) {
	s := &streamingSidecar{stream: []reconcile.Status{{Passes: 1}, {Passes: 2}, {Passes: 3}}}
	var seen []int
	if err := (&Deployer{Sidecar: s}).follow(context.Background(), passesAtLeast(2, &seen)); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || s.polls != 0 || s.watched != 1 {
		t.Errorf("saw %v with %d polls and %d watches, want [1 2] from one stream and no polls", seen, s.polls, s.watched)
	}
}

func TestFollowPollsWhenTheStreamBreaks(t *testing.T) {
	s := &streamingSidecar{stream: []reconcile.Status{{Passes: 0}}, broken: errors.New("exec ended")}
	var out bytes.Buffer
	var seen []int
	if err := (&Deployer{Sidecar: s, Progress: &out}).follow(context.Background(), passesAtLeast(2, &seen)); err != nil {
		t.Fatal(err)
	}
	if s.polls != 2 || !strings.Contains(out.String(), "exec ended; polling instead") {
		t.Errorf("%d polls, progress %q; want 2 polls after a warning naming the broken stream", s.polls, out.String())
	}
}

func TestFollowPollsASidecarThatCannotStream(t *testing.T) {
	s := &pollingSidecar{}
	var seen []int
	if err := (&Deployer{Sidecar: s}).follow(context.Background(), passesAtLeast(3, &seen)); err != nil {
		t.Fatal(err)
	}
	if s.polls != 3 {
		t.Errorf("%d polls, want 3", s.polls)
	}
}

func TestFollowReturnsTheCheckErrorOrTheTimeout(t *testing.T) {
	bad := errors.New("replica exited")
	s := &streamingSidecar{stream: []reconcile.Status{{Passes: 1}}}
	err := (&Deployer{Sidecar: s}).follow(context.Background(), func(reconcile.Status) (bool, error) { return false, bad })
	if !errors.Is(err, bad) {
		t.Errorf("follow returned %v, want the check's error", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = (&Deployer{Sidecar: s}).follow(ctx, func(reconcile.Status) (bool, error) { return false, nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("follow returned %v, want the deadline", err)
	}
}

package daemon

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/membership"
)

// fakeRemover records removals and fails those of ids in fail.
type fakeRemover struct {
	mu      sync.Mutex
	removed []string
	fail    map[string]bool
}

func (f *fakeRemover) StopAndRemove(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[id] {
		return errors.New("engine says no")
	}
	f.removed = append(f.removed, id)
	return nil
}

func TestRetirerRemovesHandedOverContainersAndKeepsFailures(t *testing.T) {
	store := membership.Store{File: filepath.Join(t.TempDir(), "membership.json")}
	now := time.Now()
	store.Update(func(st *membership.State) error {
		st.Retiring("web", []string{"a1", "a2"}, now)
		st.Retiring("api", []string{"b1"}, now)
		return nil
	})
	eng := &fakeRemover{fail: map[string]bool{"b1": true}}
	r := newRetirer(store, eng, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.Run(ctx)
	left := waitRetiring(t, store, 1)
	if len(left) != 1 || left[0].ID != "b1" {
		t.Fatalf("left recorded: %+v, want only the failing b1", left)
	}
	eng.mu.Lock()
	eng.fail = nil
	eng.mu.Unlock()
	store.Update(func(st *membership.State) error { st.Retiring("web", []string{"a3"}, now); return nil })
	r.Hint()
	waitRetiring(t, store, 0)
	eng.mu.Lock()
	defer eng.mu.Unlock()
	if len(eng.removed) != 4 {
		t.Errorf("removed %v, want a1, a2, a3 and b1 once each", eng.removed)
	}
}

// waitRetiring waits (at most 2 retirePolls) until n containers are recorded.
func waitRetiring(t *testing.T, store membership.Store, n int) []membership.RetiringContainer {
	t.Helper()
	deadline := time.Now().Add(2*retirePoll + time.Second)
	for {
		st, err := store.Load()
		if err != nil {
			t.Fatal(err)
		}
		if left := st.RetiringContainers(); len(left) == n || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

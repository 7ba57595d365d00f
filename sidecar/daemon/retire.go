package daemon

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/haloydev/haloy/sidecar/membership"
)

// retirePoll is how often the retiring record is looked at without a hint:
// a removal that failed is tried again within it.
const retirePoll = 2 * time.Second

// remover stops and removes one container (engine.Engine.StopAndRemove).
type remover interface {
	StopAndRemove(ctx context.Context, id string) error
}

// retirer stops and removes the containers deploys handed over once they
// were drained (membership.State.Retiring), and drops each from the
// record once it is gone. The record is on the data volume, so a sidecar
// that restarts in the middle picks up where it stopped.
type retirer struct {
	store  membership.Store
	engine remover
	log    *slog.Logger
	kick   chan struct{}

	mu   sync.Mutex
	busy map[string]bool // container ids being removed now
}

func newRetirer(store membership.Store, eng remover, log *slog.Logger) *retirer {
	return &retirer{store: store, engine: eng, log: log, kick: make(chan struct{}, 1), busy: map[string]bool{}}
}

// Hint asks for a look at the record soon (the state file changed).
func (r *retirer) Hint() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run looks at the record at once, on every hint and every retirePoll,
// until ctx ends.
func (r *retirer) Run(ctx context.Context) {
	t := time.NewTicker(retirePoll)
	defer t.Stop()
	for {
		r.pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
		case <-t.C:
		}
	}
}

// pass starts the removal of every recorded container not already being
// removed; each runs on its own, so one slow stop delays no other.
func (r *retirer) pass(ctx context.Context) {
	st, err := r.store.Load()
	if err != nil {
		r.log.Warn("reading the retiring containers", "err", err)
		return
	}
	for _, c := range st.RetiringContainers() {
		if r.claim(c.ID) {
			go r.remove(ctx, c)
		}
	}
}

func (r *retirer) claim(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.busy[id] {
		return false
	}
	r.busy[id] = true
	return true
}

func (r *retirer) release(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.busy, id)
}

// remove stops and removes one handed-over container and then drops it
// from the record; on failure it stays recorded for the next pass.
func (r *retirer) remove(ctx context.Context, c membership.RetiringContainer) {
	defer r.release(c.ID)
	start := time.Now()
	if err := r.engine.StopAndRemove(ctx, c.ID); err != nil {
		if ctx.Err() == nil {
			r.log.Warn("removing a retired container; trying again", "app", c.App, "container", short(c.ID), "err", err)
		}
		return
	}
	err := r.store.Update(func(st *membership.State) error {
		st.Removed([]string{c.ID})
		return nil
	})
	if err != nil {
		r.log.Warn("recording a retired container as removed", "app", c.App, "container", short(c.ID), "err", err)
		return
	}
	r.log.Info("retired container removed", "app", c.App, "container", short(c.ID),
		"took", time.Since(start).Round(time.Millisecond), "since_handover", time.Since(c.Since).Round(time.Millisecond))
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

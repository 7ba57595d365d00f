package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/membership"
)

// gate judges app membership from the state file for the routing loop,
// storing the Compose bindings its decisions make.
type gate struct {
	store  membership.Store
	policy membership.Policy
	log    *slog.Logger
	mu     sync.Mutex // one decision and its bindings at a time

	// pending are the promotions live deploys wait for; hint asks the
	// routing loop for a pass (set once the loop exists).
	pending promotions
	hint    func()
}

func newGate(cfg Config, log *slog.Logger) *gate {
	return &gate{
		store:  membership.Store{File: cfg.MembershipFile},
		policy: membership.Policy{RegisteredOnly: cfg.RegisteredOnly, ReservedApp: APIApp, SelfName: SidecarContainer},
		log:    log,
	}
}

// Admit is the reconcile loop's verdict on cs. New bindings are stored
// before they are used, so a sidecar restart decides the same.
func (g *gate) Admit(cs []routing.Container) (routing.Admissions, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st, err := g.store.Load()
	if err != nil {
		return nil, err
	}
	if st, err = g.promoteDue(st, cs); err != nil {
		return nil, err
	}
	dec := membership.Decide(st, g.policy, cs)
	if len(dec.Bindings) == 0 {
		return dec.Admissions, nil
	}
	err = g.store.Update(func(s *membership.State) error {
		for app, b := range dec.Bindings {
			s.Bind(app, b)
		}
		st = *s
		return nil
	})
	if err != nil {
		return nil, err
	}
	for app, b := range dec.Bindings {
		g.log.Info("app bound to its Compose origin", "app", app, "project", b.Project, "service", b.Service)
	}
	return membership.Decide(st, g.policy, cs).Admissions, nil
}

// membershipPoll is how often the state file is checked for changes: a
// deploy's registration or promotion takes effect within it.
const membershipPoll = 50 * time.Millisecond

// hintOnChange calls hint whenever the file at path is replaced or
// changed (deploys write it from other processes), until ctx ends.
func hintOnChange(ctx context.Context, path string, hint func()) {
	last := fileStamp(path)
	t := time.NewTicker(membershipPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if now := fileStamp(path); now != last {
			last = now
			hint()
		}
	}
}

// fileStamp identifies a version of a file ("" when it is missing).
func fileStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", fi.ModTime().UnixNano(), fi.Size())
}

package daemon

import (
	"context"
	"log/slog"
	"sync"

	"github.com/haloydev/haloy/sidecar/membership"
	"github.com/haloydev/haloy/sidecar/routing"
)

// gate judges app membership from the state file for the routing loop,
// storing the Compose bindings its decisions make.
type gate struct {
	store  membership.Store
	policy membership.Policy
	log    *slog.Logger
	mu     sync.Mutex // one decision and its bindings at a time
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

// admittedLister lists the containers the gate does not refuse, so the
// certificate loop orders certificates only for what may be routed.
type admittedLister struct {
	list interface {
		List(ctx context.Context) ([]routing.Container, error)
	}
	gate *gate
}

// List returns the containers that are not refused.
func (l admittedLister) List(ctx context.Context) ([]routing.Container, error) {
	cs, err := l.list.List(ctx)
	if err != nil {
		return nil, err
	}
	st, err := l.gate.store.Load()
	if err != nil {
		return nil, err
	}
	adm := membership.Decide(st, l.gate.policy, cs).Admissions
	out := cs[:0:0]
	for _, c := range cs {
		if adm[c.ID].Verdict != routing.Refuse {
			out = append(out, c)
		}
	}
	return out, nil
}

package daemon

import (
	"context"
	"fmt"
	"sync"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/membership"
)

// promotionKey names one deployment of one app.
type promotionKey struct{ app, id string }

// promotions are the deployments live deploys asked to route as soon as
// every replica is ready. The routing pass that first sees them ready
// promotes them before it applies (see gate.promoteDue), so the switch
// follows readiness within that pass instead of a round trip through the
// deploy. A promotion lives only while its request does: a deploy that
// was killed never promotes what it started.
type promotions struct {
	mu      sync.Mutex
	waiting map[promotionKey][]chan struct{}
}

// add records a wait for k and returns the channel closed once k is
// promoted, and a function that drops the wait.
func (p *promotions) add(k promotionKey) (<-chan struct{}, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waiting == nil {
		p.waiting = map[promotionKey][]chan struct{}{}
	}
	done := make(chan struct{})
	p.waiting[k] = append(p.waiting[k], done)
	return done, func() { p.drop(k, done) }
}

func (p *promotions) drop(k promotionKey, done chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ws := p.waiting[k]
	for i, w := range ws {
		if w == done {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(p.waiting, k)
	} else {
		p.waiting[k] = ws
	}
}

// keys lists the deployments waited for.
func (p *promotions) keys() []promotionKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]promotionKey, 0, len(p.waiting))
	for k := range p.waiting {
		out = append(out, k)
	}
	return out
}

// promoted ends every wait for k.
func (p *promotions) promoted(k promotionKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, done := range p.waiting[k] {
		close(done)
	}
	delete(p.waiting, k)
}

// PromoteWhenReady routes deployment id of app in the first pass that
// sees every replica of it ready, and returns once it did; when ctx ends
// first, the request is dropped and nothing is promoted.
func (g *gate) PromoteWhenReady(ctx context.Context, app, id string) error {
	st, err := g.store.Load()
	if err != nil {
		return err
	}
	d, ok := st.Apps[app].Deployments[id]
	if !ok {
		return fmt.Errorf("deployment %s of %s is not registered", id, app)
	}
	if d.Promoted {
		return nil
	}
	done, drop := g.pending.add(promotionKey{app, id})
	defer drop()
	if g.hint != nil {
		g.hint() // its replicas may be ready already
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// promoteDue promotes, in the state file, each waited-for deployment whose
// replicas in cs are all running and ready, and returns the state to
// decide with.
func (g *gate) promoteDue(st membership.State, cs []routing.Container) (membership.State, error) {
	var due []promotionKey
	for _, k := range g.pending.keys() {
		d, ok := st.Apps[k.app].Deployments[k.id]
		if ok && !d.Promoted && membersReady(d, cs) {
			due = append(due, k)
		}
	}
	if len(due) == 0 {
		return st, nil
	}
	err := g.store.Update(func(s *membership.State) error {
		for _, k := range due {
			s.Promote(k.app, k.id)
		}
		st = *s
		return nil
	})
	if err != nil {
		return st, err
	}
	for _, k := range due {
		g.log.Info("deployment promoted as its replicas became ready", "app", k.app, "deployment", k.id)
		g.pending.promoted(k)
	}
	return st, nil
}

// membersReady reports whether every registered container of d is in cs,
// running and ready (for a Swarm service registration: at least one task,
// all of them ready).
func membersReady(d membership.Deployment, cs []routing.Container) bool {
	n := 0
	for _, c := range cs {
		if !d.Has(c) {
			continue
		}
		if !c.Running || !c.Ready {
			return false
		}
		n++
	}
	return n > 0 && n >= d.ContainerCount()
}

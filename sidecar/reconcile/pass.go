package reconcile

import (
	"context"
	"slices"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/observe"
	"github.com/haloydev/haloy/wire"
)

// pass observes, builds and applies once and records the outcome. It
// publishes the observation twice: as soon as it is built, and with the
// outcome once applied (also when applying failed: what the containers
// ask for does not depend on HAProxy taking it). The first pass lets the
// marker learn which containers are ready already, so a restarted
// sidecar applies the same routing as before.
func (l *Loop) pass(ctx context.Context, first bool) {
	ctx, cancel := context.WithTimeout(ctx, PassTimeout)
	defer cancel()
	start := time.Now()
	cs, err := l.lister.List(ctx)
	if err != nil {
		l.record(func(s *Status) { s.LastError = err.Error() })
		l.log.Error("listing containers failed; routing stays as it is", "err", err)
		return
	}
	if first {
		l.marker.Warm(ctx, cs)
	}
	l.marker.Mark(ctx, cs)
	adm, err := l.admit(cs)
	if err != nil {
		l.record(func(s *Status) { s.LastError = err.Error() })
		l.log.Error("reading app membership failed; routing stays as it is", "err", err)
		return
	}
	res := l.build(cs, adm)
	snap := observe.Snapshot{Pass: l.passes() + 1, At: start, Containers: len(cs), Routing: res, TLSALPNRouted: l.tlsALPNRouted}
	l.feed.Publish(snap) // the certificate loop orders new domains while HAProxy reloads
	outcome, err := l.applier.Apply(ctx, res.Model)
	res.Problems = append(slices.Clip(res.Problems), rejectedProblems(l.applier, res.Model)...) // the first snapshot keeps its own
	l.logNewProblems(res.Problems)
	if err == nil && outcome != apply.Deferred && outcome != apply.Written {
		l.tlsALPNRouted = res.Model.TLSALPN() // the running HAProxy has this model now
	}
	l.record(func(s *Status) {
		s.Passes++
		s.LastPass = start
		s.LastPassDuration = wire.Duration(time.Since(start))
		s.LastError = ""
		if err != nil {
			s.LastError = err.Error()
		}
		switch outcome {
		case apply.Reloaded:
			s.Reloads++
		case apply.RuntimeApplied:
			s.RuntimeApplies++
		}
		snap.Routing, snap.TLSALPNRouted, snap.Applied = res, l.tlsALPNRouted, true
		snap.Served = err == nil && outcome != apply.Deferred && outcome != apply.Written
		snap.Reloads = s.Reloads
		l.feed.Publish(snap)
	})
	if err != nil {
		l.log.Error("applying routing failed", "err", err)
		return
	}
	if outcome != apply.Unchanged {
		l.log.Info("routing applied", "outcome", outcome, "apps", len(res.Model.Apps), "took", time.Since(start))
	}
}

// logNewProblems logs each problem once, not on every pass.
func (l *Loop) logNewProblems(ps []routing.Problem) {
	l.mu.Lock()
	defer l.mu.Unlock()
	current := map[string]bool{}
	for _, p := range ps {
		key := p.String()
		current[key] = true
		if !l.logged[key] {
			l.log.Warn("container not routed as labelled", "container", p.Container, "app", p.App, "label", p.Label, "reason", p.Reason, "hint", p.Hint)
		}
	}
	l.logged = current
}

// admit judges the containers with Admit, admitting all without it.
func (l *Loop) admit(cs []routing.Container) (routing.Admissions, error) {
	if l.Admit == nil {
		return nil, nil
	}
	return l.Admit(cs)
}

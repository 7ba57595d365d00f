package reconcile

import (
	"context"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
)

// pass observes, builds and applies once, and records the outcome. The
// first pass lets the marker learn which containers are ready already, so
// a restarted sidecar applies the same routing as before.
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
	outcome, err := l.applier.Apply(ctx, res.Model)
	res.Problems = append(res.Problems, rejectedProblems(l.applier, res.Model)...)
	l.logNewProblems(res.Problems)
	l.record(func(s *Status) {
		s.Passes++
		s.LastPass = start
		s.LastPassDuration = time.Since(start)
		s.Apps, s.Problems = res.Apps, res.Problems
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
	})
	if err != nil {
		l.log.Error("applying routing failed", "err", err)
		return
	}
	if l.OnApplied != nil && outcome != apply.Deferred && outcome != apply.Written {
		l.OnApplied(res.Model, outcome != apply.Unchanged)
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

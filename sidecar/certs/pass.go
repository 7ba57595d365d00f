package certs

import (
	"context"
	"sync"
)

// pass is what a check serves while it runs: every target's certificate
// as known so far, so that a certificate obtained early is installed at
// once instead of waiting for the slowest domain of the check.
type pass struct {
	mu    sync.Mutex
	certs []outcome // one per target, in target order
	index map[string]int
}

// startPass seeds a pass with the stored certificate of every target that
// gets one, so that installing early never drops a domain not yet checked.
func (l *Loop) startPass(targets []Target) *pass {
	p := &pass{certs: make([]outcome, len(targets)), index: make(map[string]int, len(targets))}
	for i, t := range targets {
		p.certs[i], p.index[t.Canonical] = outcome{target: t, skip: skipReason(t, l.cfg.CA)}, i
		if l.cfg.Issuer != nil && p.certs[i].skip == "" {
			p.certs[i].cert = l.cfg.Issuer.Current(t.Canonical)
		}
	}
	return p
}

// onOutcome records o in the pass as soon as it is known: a new
// certificate is installed at once, and the status shows every target of
// the pass as known so far, so that nothing served is missing from it.
// Calls of one pass are serialized; the check installs and records the
// complete set again at its end.
func (l *Loop) onOutcome(ctx context.Context, p *pass, o outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.certs[p.index[o.target.Canonical]] = o
	if o.obtained && o.cert != nil {
		l.installEarly(ctx, p, o)
	}
	p.recordProgress(l)
}

// recordProgress records the pass's outcomes so far as the status.
func (p *pass) recordProgress(l *Loop) {
	now := l.cfg.Now()
	l.record(l.describe(p.certs, now), now, nil)
}

// installEarly installs the pass's certificates with o's new one.
func (l *Loop) installEarly(ctx context.Context, p *pass, o outcome) {
	if err := l.cfg.Installer.Install(ctx, l.cfg.Fallback, bundles(p.certs, l.cfg.Now())); err != nil {
		l.cfg.Log.Error("installing a new certificate failed", "domain", o.target.Canonical, "err", err)
		return
	}
	l.cfg.Log.Info("certificate installed", "domain", o.target.Canonical)
}

// renewalsFirst is the order to check the pass's targets in: those with a
// stored certificate (renewals, or nothing to do) first, then new
// domains, so that slow orders of new domains cannot starve renewals of
// check slots.
func (p *pass) renewalsFirst() []int {
	order := make([]int, 0, len(p.certs))
	for i, o := range p.certs {
		if o.cert != nil {
			order = append(order, i)
		}
	}
	for i, o := range p.certs {
		if o.cert == nil {
			order = append(order, i)
		}
	}
	return order
}

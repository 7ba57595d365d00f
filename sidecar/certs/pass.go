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
		p.certs[i], p.index[t.Canonical] = outcome{target: t}, i
		if l.cfg.Issuer != nil && skipReason(t, l.cfg.CA) == "" {
			p.certs[i].cert = l.cfg.Issuer.Current(t.Canonical)
		}
	}
	return p
}

// installObtained installs the pass's certificates with o's new one, when
// o obtained one. Installs of one pass are serialized; the check installs
// the complete set again at its end.
func (l *Loop) installObtained(ctx context.Context, p *pass, o outcome) {
	if !o.obtained || o.cert == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.certs[p.index[o.target.Canonical]] = o
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

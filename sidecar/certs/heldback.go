package certs

import (
	"errors"

	"github.com/haloydev/haloy/acme"
)

// heldBack returns the cap that held err's attempt back, nil if none did.
func heldBack(err error) *acme.HeldBackError {
	var hb *acme.HeldBackError
	if errors.As(err, &hb) {
		return hb
	}
	return nil
}

// logHeldBack logs once that a cap holds t's order back (again after the
// cap changed or the domain was let through), not at every check.
func (l *Loop) logHeldBack(t Target, err error) {
	hb := heldBack(err)
	l.heldMu.Lock()
	defer l.heldMu.Unlock()
	if hb == nil {
		delete(l.held, t.Canonical)
		return
	}
	key := hb.Cap + "/" + hb.App
	if l.held[t.Canonical] == key {
		return
	}
	if l.held == nil {
		l.held = map[string]string{}
	}
	l.held[t.Canonical] = key
	l.cfg.Log.Warn("certificate order held back", "domain", t.Canonical, "app", t.App, "cap", hb.Cap,
		"limit", hb.Limit, "capApp", hb.App, "nextAttempt", hb.Until, "err", err)
}

// forgetHeldBack drops what was logged of domains no longer routed.
func (l *Loop) forgetHeldBack(targets []Target) {
	routed := make(map[string]bool, len(targets))
	for _, t := range targets {
		routed[t.Canonical] = true
	}
	l.heldMu.Lock()
	defer l.heldMu.Unlock()
	for d := range l.held {
		if !routed[d] {
			delete(l.held, d)
		}
	}
}

package certs

import (
	"time"

	"github.com/haloydev/haloy/wire/certstatus"
)

// describe turns a check's outcomes into the status report's domains.
func (l *Loop) describe(outcomes []outcome, now time.Time) []certstatus.Domain {
	byDomain := map[string]certstatus.Domain{}
	if l.cfg.Issuer != nil {
		for _, s := range l.cfg.Issuer.Status() {
			byDomain[s.Domain] = s
		}
	}
	out := make([]certstatus.Domain, 0, len(outcomes))
	for _, o := range outcomes {
		out = append(out, l.describeOne(o, byDomain[o.target.Canonical], now))
	}
	return out
}

// describeOne reports one domain from its outcome and the store's view.
func (l *Loop) describeOne(o outcome, s certstatus.Domain, now time.Time) certstatus.Domain {
	d := certstatus.Domain{Domain: o.target.Canonical, App: o.target.App, Challenge: o.target.Challenge}
	switch {
	case o.skip != "":
		d.State, d.Hint = certstatus.Skipped, o.skip
		return d
	case l.cfg.Issuer == nil:
		d.State, d.LastError = certstatus.Failing, l.cfg.SetupError
		return d
	}
	d.RenewAt, d.Failures, d.LastError, d.NextAttempt = s.RenewAt, s.Failures, s.LastError, s.NextAttempt
	if d.LastError == "" && o.err != nil {
		d.LastError = o.err.Error()
	}
	if o.cert != nil {
		d.Names, d.Issuer, d.NotAfter = o.cert.Names(), o.cert.Issuer(), o.cert.NotAfter()
	}
	d.State = state(o.cert != nil, !now.Before(d.NotAfter), d.LastError != "")
	d.Hint = hint(d.Domain, d.Challenge, d.LastError)
	if o.waiting != "" && o.cert == nil {
		d.Hint = o.waiting
	}
	if hb := heldBack(o.err); hb != nil {
		d.State, d.LastError, d.Hint, d.NextAttempt = certstatus.HeldBack, hb.Reason(), hb.Fix, hb.Until
	}
	return d
}

// state summarises a domain's certificate.
func state(hasCert, expired, failed bool) certstatus.State {
	switch {
	case !hasCert && failed:
		return certstatus.Failing
	case !hasCert:
		return certstatus.Pending
	case expired:
		return certstatus.Expired
	case failed:
		return certstatus.RenewalFailing
	}
	return certstatus.Valid
}

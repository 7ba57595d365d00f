package certs

import (
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/wire/certstatus"
)

// nextCheck returns the wait until the next check: the earliest renewal
// or retry due among the domains, at least minWait, at most interval.
// domains[i] describes outcomes[i].
func nextCheck(outcomes []outcome, domains []certstatus.Domain, now time.Time, renewBefore, interval time.Duration) time.Duration {
	next := now.Add(interval)
	for i, o := range outcomes {
		if o.skip != "" {
			continue
		}
		if at := domains[i].NextAttempt; !at.IsZero() && at.Before(next) {
			next = at
		}
		if o.cert != nil {
			if due := renewalDue(o.cert, domains[i].RenewAt, renewBefore); due.Before(next) {
				next = due
			}
		}
	}
	return min(max(next.Sub(now), minWait), interval)
}

// renewalDue is when the Issuer will want to renew cert: at renewAt when
// the CA suggested a window, else RenewBefore (at most a third of the
// lifetime) before expiry, as acme.Manager decides.
func renewalDue(cert *acme.Certificate, renewAt time.Time, renewBefore time.Duration) time.Time {
	if !renewAt.IsZero() {
		return renewAt
	}
	lifetime := cert.NotAfter().Sub(cert.Leaf.NotBefore)
	return cert.NotAfter().Add(-min(renewBefore, lifetime/3))
}

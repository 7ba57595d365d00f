package acme

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Polling of ACME Renewal Information (RFC 9773).
const (
	// renewalInfoDefaultPoll is used when the CA sends no Retry-After.
	renewalInfoDefaultPoll = 6 * time.Hour
	// renewalInfoMinPoll and renewalInfoMaxPoll clamp the CA's Retry-After.
	renewalInfoMinPoll = time.Hour
	renewalInfoMaxPoll = 24 * time.Hour
	// renewalInfoErrorPoll is the wait after a failed renewal-info request.
	renewalInfoErrorPoll = time.Hour
)

// renewalCheck is the input of renewalReason.
type renewalCheck struct {
	cert         *Certificate // nil when there is none
	meta         Metadata
	names        []string // requested names
	directoryURL string   // the CA now configured
	now          time.Time
	renewBefore  time.Duration
}

// renewalReason says why a certificate must be obtained now, or "" when
// the stored one is good. A renewal window from the CA (stored in
// meta.RenewAt for this very certificate) takes precedence over the
// RenewBefore margin, which is capped at a third of the lifetime so that
// short-lived certificates are not renewed constantly.
func renewalReason(c renewalCheck) string {
	switch {
	case c.cert == nil:
		return "no certificate yet"
	case !sameNames(c.cert.Names(), c.names):
		return "names changed"
	case c.meta.DirectoryURL != "" && c.meta.DirectoryURL != c.directoryURL:
		return "CA changed"
	case !c.now.Before(c.cert.NotAfter()):
		return "certificate expired"
	}
	if c.meta.NotAfter.Equal(c.cert.NotAfter()) && !c.meta.RenewAt.IsZero() {
		if !c.now.Before(c.meta.RenewAt) {
			return "renewal window reached"
		}
		return ""
	}
	lifetime := c.cert.NotAfter().Sub(c.cert.Leaf.NotBefore)
	margin := min(c.renewBefore, lifetime/3)
	if left := c.cert.NotAfter().Sub(c.now); left <= margin {
		return fmt.Sprintf("expires in %s", left.Round(time.Minute))
	}
	return ""
}

// renewalInfoDue reports whether the CA may be asked for renewal
// information about the stored certificate again.
func renewalInfoDue(meta Metadata, now time.Time) bool {
	return !now.Before(meta.RenewalInfoAfter)
}

// chooseRenewAt picks a uniformly random moment in w, so that many
// certificates do not all renew at the window's start.
func chooseRenewAt(w Window) time.Time {
	span := w.End.Sub(w.Start)
	if span <= 0 {
		return w.Start
	}
	return w.Start.Add(time.Duration(rand.Int64N(int64(span))))
}

// renewalInfoPoll clamps the CA's Retry-After for renewal information.
func renewalInfoPoll(retryAfter time.Duration) time.Duration {
	if retryAfter <= 0 {
		return renewalInfoDefaultPoll
	}
	return min(max(retryAfter, renewalInfoMinPoll), renewalInfoMaxPoll)
}

package acme

import (
	"errors"
	"time"
)

// Backoff after failed attempts: the first failure waits BackoffFirst,
// the n-th consecutive one after it BackoffBase·2^(n-2), at most
// BackoffMax, i.e. 1, 10, 20, 40 minutes, then hourly. The short first
// wait covers a failure that clears by itself within seconds (an ingress
// node's HAProxy not listening yet when the CA connects, so the
// validation is refused), which would otherwise hold a certificate back
// for 10 minutes.
//
// Let's Encrypt allows 5 failed validations per hostname per account per
// hour; each attempt validates each name once, and this schedule makes at
// most 4 attempts in any hour (at 0, 1, 11 and 31 minutes, then 71, 131,
// ...), so even a name failing from the start stays one below the limit,
// and settles at one an hour.
const (
	// BackoffFirst is the wait after the first failure.
	BackoffFirst = time.Minute
	// BackoffBase is the wait after the second failure, doubled after
	// each further one.
	BackoffBase = 10 * time.Minute
	// BackoffMax caps the wait between attempts.
	BackoffMax = time.Hour
)

// ErrBackoff is wrapped by the error of a request refused because the
// domain's last attempt failed and its next attempt is not due yet.
var ErrBackoff = errors.New("waiting after failed attempts")

// backoffDelay is the wait after the given number of consecutive failures.
func backoffDelay(failures int) time.Duration {
	switch {
	case failures <= 0:
		return 0
	case failures == 1:
		return BackoffFirst
	}
	d := BackoffBase
	for i := 2; i < failures && d < BackoffMax; i++ {
		d *= 2
	}
	return min(d, BackoffMax)
}

package acme

import (
	"errors"
	"time"
)

// Backoff after failed attempts: the n-th consecutive failure waits
// BackoffBase·2^(n-1), at most BackoffMax. Let's Encrypt allows 5 failed
// validations per hostname per hour; this schedule makes at most 3
// attempts in any hour (at 0, 10 and 30 minutes, then 70, 130, ...) and
// settles at one an hour.
const (
	// BackoffBase is the wait after the first failure.
	BackoffBase = 10 * time.Minute
	// BackoffMax caps the wait between attempts.
	BackoffMax = time.Hour
)

// ErrBackoff is wrapped by the error of a request refused because the
// domain's last attempt failed and its next attempt is not due yet.
var ErrBackoff = errors.New("waiting after failed attempts")

// backoffDelay is the wait after the given number of consecutive failures.
func backoffDelay(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := BackoffBase
	for i := 1; i < failures && d < BackoffMax; i++ {
		d *= 2
	}
	return min(d, BackoffMax)
}

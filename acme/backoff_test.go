package acme

import (
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	want := []time.Duration{0, time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour, time.Hour}
	for n, w := range want {
		if got := backoffDelay(n); got != w {
			t.Errorf("backoffDelay(%d) = %s, want %s", n, got, w)
		}
	}
	if got := backoffDelay(1000); got != BackoffMax {
		t.Errorf("backoffDelay(1000) = %s, want the cap %s", got, BackoffMax)
	}
}

// TestBackoffRateLimit checks that a domain failing for a day makes at
// most 4 attempts in any 60-minute window, inside Let's Encrypt's 5
// failed validations per hostname per account per hour.
func TestBackoffRateLimit(t *testing.T) {
	var attempts []time.Time
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for failures := 1; at.Before(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)); failures++ {
		attempts = append(attempts, at)
		at = at.Add(backoffDelay(failures))
	}
	for i, start := range attempts {
		n := 0
		for _, a := range attempts[i:] {
			if a.Sub(start) < time.Hour {
				n++
			}
		}
		if n > 4 {
			t.Fatalf("%d attempts in the hour from %s", n, start.Format(time.Kitchen))
		}
	}
}

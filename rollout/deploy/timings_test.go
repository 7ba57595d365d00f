package deploy

import (
	"testing"
	"time"
)

// TestTimings checks what a Timings records and how it prints.
func TestTimings(t *testing.T) {
	var nilTimings *Timings
	nilTimings.since(StepLock, time.Now()) // records nothing, does not panic

	tm := &Timings{}
	tm.since(StepLock, time.Now().Add(-12*time.Millisecond))
	tm.since(StepDrain, time.Now().Add(-time.Second))
	tm.since(StepDrain, time.Now().Add(-time.Second))
	if got, ok := tm.Took(StepDrain); !ok || got < 2*time.Second || got > 2100*time.Millisecond {
		t.Errorf("Took(drain) = %s, %v; want the sum of both, about 2s", got, ok)
	}
	if _, ok := tm.Took(StepTag); ok {
		t.Error("Took(tag) says it ran; it was never recorded")
	}
	if got, want := tm.String()[:len("lock 1")], "lock 1"; got != want {
		t.Errorf("String() = %q, want it to start with %q", tm.String(), want)
	}
}

package daemon

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestLateHintMergesEventsCloseTogether(t *testing.T) {
	var hints atomic.Int32
	l := &lateHint{after: 50 * time.Millisecond, hint: func() { hints.Add(1) }}
	for range 5 {
		l.schedule()
	}
	time.Sleep(20 * time.Millisecond)
	if n := hints.Load(); n != 0 {
		t.Fatalf("%d hints before the delay, want 0", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for hints.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := hints.Load(); n != 1 {
		t.Fatalf("%d late hints for 5 events close together, want 1", n)
	}
	l.schedule() // a later event gets its own
	time.Sleep(200 * time.Millisecond)
	if n := hints.Load(); n != 2 {
		t.Fatalf("%d late hints after a second burst, want 2", n)
	}
}

// TestLateHintWaitsForTheBurstToEnd checks that events coming faster than
// the delay push the late hint back: one hint after the last event.
func TestLateHintWaitsForTheBurstToEnd(t *testing.T) {
	var hints atomic.Int32
	l := &lateHint{after: 60 * time.Millisecond, hint: func() { hints.Add(1) }}
	for range 10 { // a 200 ms burst, an event every 20 ms
		l.schedule()
		time.Sleep(20 * time.Millisecond)
	}
	if n := hints.Load(); n != 0 {
		t.Fatalf("%d late hints during the burst, want 0", n)
	}
	time.Sleep(200 * time.Millisecond)
	if n := hints.Load(); n != 1 {
		t.Fatalf("%d late hints after the burst, want 1", n)
	}
}

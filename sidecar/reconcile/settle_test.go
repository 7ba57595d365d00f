package reconcile

import (
	"testing"
	"time"
)

// hintsBefore returns a loop whose hint log holds n hints spread evenly
// over the window before now.
func hintsBefore(now time.Time, n int, window time.Duration) *Loop {
	l := &Loop{Settle: 10 * time.Millisecond, MaxSettle: time.Second}
	for i := range n {
		l.recent.add(now.Add(-window + time.Duration(i)*window/time.Duration(max(n, 1))))
	}
	return l
}

func TestSettleGrowsWhileHintsAreBusyOnly(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	calm := hintsBefore(now, 3, 900*time.Millisecond) // one container: create, start, healthy
	if got := calm.settleFor(now); got != calm.Settle {
		t.Errorf("3 hints in 0.9 s: settle %s, want %s", got, calm.Settle)
	}
	busy := hintsBefore(now, 20, 900*time.Millisecond) // a stack coming up
	want := []time.Duration{10 * time.Millisecond, 40 * time.Millisecond, 160 * time.Millisecond, 640 * time.Millisecond, time.Second, time.Second}
	for i, w := range want {
		if got := busy.settleFor(now); got != w {
			t.Errorf("busy pass %d: settle %s, want %s", i, got, w)
		}
	}
	later := now.Add(busyWindow + time.Millisecond) // every hint has aged out
	if got := busy.settleFor(later); got != busy.Settle {
		t.Errorf("after a calm second: settle %s, want %s", got, busy.Settle)
	}
}

func TestSettleDoesNotGrowWithoutMaxSettle(t *testing.T) {
	now := time.Now()
	l := hintsBefore(now, 50, 100*time.Millisecond)
	l.MaxSettle = 0
	for range 3 {
		if got := l.settleFor(now); got != l.Settle {
			t.Fatalf("settle %s with MaxSettle 0, want %s", got, l.Settle)
		}
	}
}

func TestHintLogForgetsOldHints(t *testing.T) {
	var h hintLog
	now := time.Now()
	h.add(now.Add(-2 * busyWindow))
	h.add(now.Add(-busyWindow / 2))
	h.add(now)
	if got := h.count(now); got != 2 {
		t.Errorf("count %d, want 2 (one hint is older than the window)", got)
	}
}

package reconcile

import (
	"testing"
	"time"
)

func TestSettleGrowsDuringBurstsOnly(t *testing.T) {
	l := &Loop{Settle: 10 * time.Millisecond, MaxSettle: time.Second}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		sinceLastPass time.Duration
		want          time.Duration
	}{
		{time.Hour, 10 * time.Millisecond},               // quiet: fast
		{5 * time.Millisecond, 40 * time.Millisecond},    // busy: grows
		{5 * time.Millisecond, 160 * time.Millisecond},   //
		{5 * time.Millisecond, 640 * time.Millisecond},   //
		{5 * time.Millisecond, time.Second},              // capped
		{900 * time.Millisecond, time.Second},            // still busy
		{1100 * time.Millisecond, 10 * time.Millisecond}, // quiet again
		{5 * time.Millisecond, 40 * time.Millisecond},    //
	}
	for i, s := range steps {
		l.lastPass = now.Add(-s.sinceLastPass)
		if got := l.settleFor(now); got != s.want {
			t.Errorf("step %d (%s after a pass): settle %s, want %s", i, s.sinceLastPass, got, s.want)
		}
	}
}

func TestSettleDoesNotGrowWithoutMaxSettle(t *testing.T) {
	l := &Loop{Settle: 10 * time.Millisecond}
	now := time.Now()
	l.lastPass = now
	for range 3 {
		if got := l.settleFor(now); got != l.Settle {
			t.Fatalf("settle %s with MaxSettle 0, want %s", got, l.Settle)
		}
	}
}

package reconcile

import (
	"github.com/haloydev/haloy/sidecar/routing"
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

func TestHintNowCutsTheSettleShort(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1")}}
	h := start(t, lister)
	h.waitPasses(t, 1)
	for n := 2; n <= 4; n++ { // back-to-back hints grow the settle time towards MaxSettle
		h.loop.Hint()
		h.waitPasses(t, n)
	}
	h.loop.Hint() // this one would wait up to MaxSettle (1s)
	time.Sleep(5 * time.Millisecond)
	begin := time.Now()
	h.loop.HintNow()
	h.waitPasses(t, 5)
	if d := time.Since(begin); d > 300*time.Millisecond {
		t.Errorf("pass came %s after HintNow, want it at once (settle was %s)", d, h.loop.MaxSettle)
	}
}

package reconcile

import (
	"sync"
	"time"
)

// DefaultMaxSettle is what the settle time grows to while hints keep
// arriving fast: a 20-container stack coming up over a few seconds costs a
// handful of passes, not forty.
const DefaultMaxSettle = time.Second

// Busy means more than busyHints hints within busyWindow. One container's
// life (create, start, then healthy a second or more later) is calm and
// each change is routed after Settle; so are a deploy's health changes,
// which come after its create and start events have aged out. A stack of
// many containers coming up at once is busy and coalesced.
const (
	busyWindow = time.Second
	busyHints  = 4
)

// settleGrowth is the factor the settle time grows by per busy pass.
const settleGrowth = 4

// settleFor returns how long a hint arriving at now waits for more. While
// hints are calm it is Settle, so a lone change is routed at once; while
// they are busy each pass multiplies it by settleGrowth, up to MaxSettle.
func (l *Loop) settleFor(now time.Time) time.Duration {
	if l.MaxSettle <= l.Settle || l.recent.count(now) <= busyHints {
		l.settle = l.Settle
	} else {
		l.settle = min(max(l.settle*settleGrowth, l.Settle), l.MaxSettle)
	}
	return l.settle
}

// hintLog remembers when the hints of the last busyWindow arrived. It is
// safe for concurrent use; the zero value is ready to use.
type hintLog struct {
	mu    sync.Mutex
	times []time.Time
}

// add records a hint at now.
func (h *hintLog) add(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.times = append(h.prune(now), now)
}

// count returns how many hints arrived within busyWindow before now.
func (h *hintLog) count(now time.Time) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.times = h.prune(now)
	return len(h.times)
}

// prune drops the times older than busyWindow; h.mu must be held.
func (h *hintLog) prune(now time.Time) []time.Time {
	i := 0
	for i < len(h.times) && now.Sub(h.times[i]) > busyWindow {
		i++
	}
	return append(h.times[:0], h.times[i:]...)
}

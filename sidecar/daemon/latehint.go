package daemon

import (
	"sync"
	"time"
)

// lateHint hints the loop once more a little after pause and unpause events
// stop coming: the engine can emit an event before its container list shows the
// change (seen with docker unpause: the pass woken by the event still
// listed the container as paused), which would otherwise wait for the next
// resync. Each event pushes the late hint back, so a burst of events costs
// one extra pass at its end, not one per second of the burst.
type lateHint struct {
	after time.Duration
	hint  func()

	mu    sync.Mutex
	timer *time.Timer
}

// schedule arranges one hint l.after from now, replacing a pending one.
func (l *lateHint) schedule() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.timer != nil {
		l.timer.Stop()
	}
	l.timer = time.AfterFunc(l.after, l.hint)
}

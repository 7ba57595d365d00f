package daemon

import (
	"sync"
	"time"
)

// lateHint hints the loop once more a little after container events: the
// engine can emit an event before its container list shows the change
// (seen with docker unpause: the pass woken by the event still listed the
// container as paused), which would otherwise wait for the next resync.
// Events close together share one late hint.
type lateHint struct {
	after time.Duration
	hint  func()

	mu      sync.Mutex
	pending bool
}

// schedule arranges one hint after l.after, unless one is pending.
func (l *lateHint) schedule() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending {
		return
	}
	l.pending = true
	time.AfterFunc(l.after, func() {
		l.mu.Lock()
		l.pending = false
		l.mu.Unlock()
		l.hint()
	})
}

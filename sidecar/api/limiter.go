package api

import (
	"strconv"
	"sync"
	"time"
)

// Defaults of the failed-authentication limit.
const (
	// DefaultMaxFailures is how many failed attempts a client may make per window.
	DefaultMaxFailures = 10
	// DefaultFailureWindow is the window they are counted in.
	DefaultFailureWindow = time.Minute
	// maxTracked bounds the clients remembered: when it is reached, ended
	// windows are forgotten first, then the oldest current ones, so a
	// flood of new addresses never frees the clients already refused.
	maxTracked = 4096
)

// failLimiter counts failed authentications per client in fixed windows:
// after max failures a client is refused until its window ends.
type failLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*failWindow
}

type failWindow struct {
	start time.Time
	count int
}

func newFailLimiter(max int, window time.Duration, now func() time.Time) *failLimiter {
	return &failLimiter{max: max, window: window, now: now, clients: map[string]*failWindow{}}
}

// blocked reports whether client is refused, and for how long.
func (l *failLimiter) blocked(client string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.current(client)
	if w == nil || w.count < l.max {
		return 0, false
	}
	return w.start.Add(l.window).Sub(l.now()), true
}

// fail records a failed attempt of client.
func (l *failLimiter) fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.current(client); w != nil {
		w.count++
		return
	}
	if len(l.clients) >= maxTracked {
		l.sweep()
	}
	l.clients[client] = &failWindow{start: l.now(), count: 1}
}

// current returns client's window if it has not ended.
func (l *failLimiter) current(client string) *failWindow {
	w := l.clients[client]
	if w == nil || l.now().Sub(w.start) >= l.window {
		delete(l.clients, client)
		return nil
	}
	return w
}

// sweep forgets ended windows and, if every window is still current, the
// oldest one, so there is room for one more client.
func (l *failLimiter) sweep() {
	for c := range l.clients {
		l.current(c)
	}
	if len(l.clients) >= maxTracked {
		delete(l.clients, l.oldest())
	}
}

// oldest returns the client whose window started first.
func (l *failLimiter) oldest() string {
	var first string
	var start time.Time
	for c, w := range l.clients {
		if first == "" || w.start.Before(start) || (w.start.Equal(start) && c < first) {
			first, start = c, w.start
		}
	}
	return first
}

// seconds renders d rounded up to whole seconds, at least 1.
func seconds(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	return strconv.Itoa(max(s, 1))
}

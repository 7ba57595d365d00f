package observe

import "sync"

// Feed hands the latest Snapshot to any number of readers. The zero value
// is ready to use; it is safe for concurrent use.
type Feed struct {
	mu     sync.Mutex
	latest Snapshot
	has    bool
	subs   []chan struct{}
}

// Publish makes s the latest snapshot and wakes every subscriber.
func (f *Feed) Publish(s Snapshot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latest, f.has = s, true
	for _, c := range f.subs {
		select {
		case c <- struct{}{}:
		default: // a wake-up is pending already: it will read this one
		}
	}
}

// Latest returns the latest snapshot, and false before the first.
func (f *Feed) Latest() (Snapshot, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latest, f.has
}

// Subscribe returns a channel that receives a wake-up after each Publish
// (wake-ups the reader has not taken yet merge into one), and one at
// once if a snapshot exists already. The reader calls Latest for the
// snapshot itself.
func (f *Feed) Subscribe() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan struct{}, 1)
	if f.has {
		c <- struct{}{}
	}
	f.subs = append(f.subs, c)
	return c
}

package follow

import (
	"slices"
	"time"
)

// Query parameters a follower reports itself with on each poll.
const (
	// FollowerParam names the follower (its host name).
	FollowerParam = "follower"
	// AppliedParam is the version its HAProxy serves.
	AppliedParam = "applied"
)

// AckWindow is how long after its last poll a follower counts as live:
// a follower that stops polling (its node is gone) holds nothing back
// longer than that.
const AckWindow = 5 * time.Second

// ack is what the leader knows of one follower.
type ack struct {
	applied string
	polling int       // polls in flight
	seen    time.Time // when the last poll started or ended
}

// polled records a poll of follower, which serves applied; it returns
// the function to call when the poll ends. p.mu is not held.
func (p *Publisher) polled(follower, applied string, now time.Time) func(time.Time) {
	if follower == "" {
		return func(time.Time) {}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.acks == nil {
		p.acks = map[string]*ack{}
	}
	a := p.acks[follower]
	if a == nil {
		a = &ack{}
		p.acks[follower] = a
	}
	a.applied, a.seen = applied, now
	a.polling++
	return func(end time.Time) {
		p.mu.Lock()
		defer p.mu.Unlock()
		a.polling--
		a.seen = end
	}
}

// Behind returns the live followers whose HAProxy does not serve the
// current state yet, sorted. The leader counts them as sessions on its
// draining replicas, so a deploy stops a replica only once every
// follower stopped sending it new requests too.
func (p *Publisher) Behind(now time.Time) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for name, a := range p.acks {
		live := a.polling > 0 || now.Sub(a.seen) < AckWindow
		if live && a.applied != p.state.Version {
			out = append(out, name)
		}
		if !live && now.Sub(a.seen) > time.Hour {
			delete(p.acks, name)
		}
	}
	slices.Sort(out)
	return out
}

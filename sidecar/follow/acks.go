package follow

import (
	"slices"
	"strings"
	"time"

	"github.com/haloydev/haloy/wire"
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
		if a.live(now) && a.applied != p.state.Version {
			out = append(out, name)
		}
		if !a.live(now) && now.Sub(a.seen) > time.Hour {
			delete(p.acks, name)
		}
	}
	slices.Sort(out)
	return out
}

// live is true while a poll is open or the last ended within AckWindow.
func (a *ack) live(now time.Time) bool {
	return a.polling > 0 || now.Sub(a.seen) < AckWindow
}

// Followers reports the published version and each follower that polled
// within the last hour, sorted by name, for the leader's status: init
// waits on it until every ingress node serves.
func (p *Publisher) Followers(now time.Time) *wire.FollowStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := &wire.FollowStatus{Version: p.state.Version, Followers: []wire.FollowerStatus{}}
	for name, a := range p.acks {
		if !a.live(now) && now.Sub(a.seen) > time.Hour {
			continue
		}
		f := wire.FollowerStatus{Name: name, Applied: a.applied, Live: a.live(now),
			Current: a.applied != "" && a.applied == p.state.Version}
		if a.polling == 0 {
			f.LastPollAge = wire.Duration(now.Sub(a.seen).Round(time.Millisecond))
		}
		st.Followers = append(st.Followers, f)
	}
	slices.SortFunc(st.Followers, func(a, b wire.FollowerStatus) int { return strings.Compare(a.Name, b.Name) })
	return st
}

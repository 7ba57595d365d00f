package swarm

import "time"

// Pacing of Watch's listings (Swarm sends no task events).
const (
	// PollInterval is how often Watch lists while nothing moves.
	PollInterval = time.Second
	// FastPollInterval is how often Watch lists while a routed service's
	// tasks are in transition, so that a task Swarm wants stopped leaves
	// routing soon after Swarm decided it (and sent its SIGTERM).
	FastPollInterval = 250 * time.Millisecond
	// FastPollWindow bounds fast polling: it lasts at most this long after
	// a service or node event, a transition's start or the last task that
	// began stopping, so a task stuck starting (no node fits it, an image
	// that never pulls) costs fast polling only that long.
	FastPollWindow = 2 * time.Minute
	// EventSettle is how long Watch polls fast after a service or node
	// event even before a task moves: Swarm's orchestrator acts on a new
	// spec (a scale-down, an update, a drain) a few milliseconds after
	// the event, so the listing the event triggers may not show it yet.
	EventSettle = 2 * time.Second
)

// pacer picks how long Watch waits before its next listing: fast while
// tasks of a routed service are in transition (or right after an event),
// within the window, else steady.
type pacer struct {
	steady, fast, settle, window time.Duration

	eventAt   time.Time       // the last service or node event
	fastUntil time.Time       // fast polling ends by then at the latest
	moving    bool            // the last listing had tasks in transition
	stopping  map[string]bool // the tasks the last listing saw stopping
}

// event notes a service or node event at now.
func (p *pacer) event(now time.Time) {
	p.eventAt = now
	p.extend(now)
}

// listed notes the transition a listing at now found.
func (p *pacer) listed(now time.Time, tr Transition) {
	moving := tr.Moving > 0
	if moving && !p.moving {
		p.extend(now) // a transition starts
	}
	for id := range tr.Stopping {
		if !p.stopping[id] {
			p.extend(now) // one more task began stopping
			break
		}
	}
	p.moving, p.stopping = moving, tr.Stopping
}

func (p *pacer) extend(now time.Time) {
	if until := now.Add(p.window); until.After(p.fastUntil) {
		p.fastUntil = until
	}
}

// next is the wait before the listing after one at now.
func (p *pacer) next(now time.Time) time.Duration {
	settling := !p.eventAt.IsZero() && now.Sub(p.eventAt) < p.settle
	if (p.moving || settling) && now.Before(p.fastUntil) {
		return p.fast
	}
	return p.steady
}

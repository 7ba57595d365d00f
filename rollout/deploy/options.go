package deploy

import (
	"time"

	"github.com/haloydev/haloy/config"
)

// lockSlack is how much longer than a deploy can take (by its timeouts) its
// lock is held before another deploy takes it over as stale. A lock whose
// owner was a process on the same host that is gone is taken over at once.
const lockSlack = time.Minute

// readyTimeout bounds the wait for the new deployment, or for one batch of
// a rolling update: the request's override, else the app's healthTimeout.
func (r Request) readyTimeout() time.Duration {
	return first(r.ReadyTimeout, r.App.HealthTimeout.D(), config.DefaultHealthTimeout)
}

// drainTimeout bounds the wait for replaced replicas' in-flight requests.
func (r Request) drainTimeout() time.Duration {
	return first(r.DrainTimeout, r.App.DrainTimeout.D(), config.DefaultDrainTimeout)
}

// stopGrace is how long a stopped replica may take to exit.
func (r Request) stopGrace() time.Duration {
	return first(r.App.StopGracePeriod.D(), config.DefaultStopGracePeriod)
}

// update is the app's update settings with defaults for what is unset
// (a snapshot recorded before the settings existed has none).
func (r Request) update() config.Update {
	u := r.App.Update
	if u.Order == "" {
		u.Order = config.DefaultOrder
	}
	if u.FailureAction == "" {
		u.FailureAction = config.DefaultFailureAction
	}
	return u
}

// batches is how many steps the rollout takes: 1, or one per batch.
func (r Request) batches() int {
	u := r.update()
	if !u.Batched() {
		return 1
	}
	return (r.App.Replicas + u.Parallelism - 1) / u.Parallelism
}

// lockTTL is how long the deploy's lock counts as held: the longest the
// deploy can take by its timeouts, plus lockSlack.
func (r Request) lockTTL() time.Duration {
	step := r.readyTimeout() + r.drainTimeout() + r.stopGrace()
	return time.Duration(r.batches())*step + lockSlack
}

// first returns the first non-zero duration of ds.
func first(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d != 0 {
			return d
		}
	}
	return 0
}

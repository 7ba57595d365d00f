package swarm

import (
	"time"

	"github.com/haloydev/haloy/rollout/deploy"
)

// phases times consecutive steps of a wait: each step runs from the end
// of the one before (or the wait's start) until the moment it is first
// seen reached; a step reached is timed once.
type phases struct {
	t    *deploy.Timings
	last time.Time
	done map[string]bool
}

func (d *Deployer) phases() *phases {
	return &phases{t: d.Timings, last: time.Now(), done: map[string]bool{}}
}

// reach records step as ended now when ok and it was not yet reached.
func (p *phases) reach(step string, ok bool) {
	if !ok || p.done[step] {
		return
	}
	p.done[step] = true
	p.t.Since(step, p.last)
	p.last = time.Now()
}

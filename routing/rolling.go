package routing

import "github.com/haloydev/haloy/labels"

// A batched rolling update (haloy.yaml update.parallelism > 0) replaces an
// app's replicas a few at a time, so for a while two deployments serve
// side by side. Its containers carry labels.Rollout and labels.Replaces:
// while the newest deployment carries Rollout, the ready replicas of it
// and of the deployment before it both take traffic, except the replicas
// that a rolling container has taken over from, which drain.

// rolling reports whether the newest deployment is a batched rolling update.
func rolling(ds []deployment) bool {
	if len(ds) == 0 {
		return false
	}
	for _, m := range ds[0].members {
		if m.route.Rollout != "" {
			return true
		}
	}
	return false
}

// replacedNames are the containers some rolling container has taken over
// from: with start-first once it is running and ready, with stop-first as
// soon as it exists.
func replacedNames(ds []deployment) map[string]bool {
	out := map[string]bool{}
	for _, d := range ds {
		for _, m := range d.members {
			if m.route.Rollout == labels.RolloutStopFirst || m.route.Rollout == labels.RolloutStartFirst && m.Running && m.Ready {
				for _, name := range m.route.Replaces {
					out[name] = true
				}
			}
		}
	}
	return out
}

// planRolling chooses the serving deployments of a rolling update: the
// newest one, and the one before it (coServing), each when it has a ready
// replica that is not replaced. When neither has, the ordinary choice
// stands and replaced replicas may serve, so that traffic never stops
// while something could answer.
func (p *appPlan) planRolling() {
	replaced := replacedNames(p.deployments)
	prev := chooseServing(p.deployments[1:])
	if prev >= 0 {
		prev++
	}
	newServes := p.serves(0, replaced)
	prevServes := prev > 0 && p.serves(prev, replaced)
	switch {
	case newServes && prevServes:
		p.serving, p.coServing = 0, prev
	case newServes:
		p.serving = 0
	case prevServes:
		p.serving = prev
	default:
		return
	}
	p.replaced = replaced
}

// serves reports whether deployment i has a running, ready replica that is
// not replaced.
func (p *appPlan) serves(i int, replaced map[string]bool) bool {
	for _, m := range p.deployments[i].members {
		if m.Running && m.Ready && !m.held && !m.retiring && !replaced[m.Name] {
			return true
		}
	}
	return false
}

// active reports whether deployment i takes new requests.
func (p appPlan) active(i int) bool {
	return i == p.serving || i == p.coServing
}

// allReplaced reports whether every running replica of deployment i has
// been taken over from by a rolling update.
func (p appPlan) allReplaced(i int) bool {
	if len(p.replaced) == 0 {
		return false
	}
	for _, m := range p.deployments[i].members {
		if m.Running && !p.replaced[m.Name] {
			return false
		}
	}
	return true
}

package routing

import "sort"

// deployment is the containers of one app sharing a deployment id.
type deployment struct {
	id      string
	members []member
}

// held reports whether the deployment waits for its deploy to promote it.
func (d deployment) held() bool {
	for _, m := range d.members {
		if m.held {
			return true
		}
	}
	return false
}

// retiring reports whether the deployment's app is being stopped: it
// drains and never serves again.
func (d deployment) retiring() bool {
	for _, m := range d.members {
		if m.retiring {
			return true
		}
	}
	return false
}

// routable reports whether the deployment may serve: it is neither held
// nor retiring.
func (d deployment) routable() bool { return !d.held() && !d.retiring() }

// allReady reports whether every container of the deployment may take traffic.
func (d deployment) allReady() bool {
	for _, m := range d.members {
		if !m.Running || !m.Ready {
			return false
		}
	}
	return len(d.members) > 0
}

// anyReady reports whether at least one container may take traffic.
func (d deployment) anyReady() bool {
	for _, m := range d.members {
		if m.Running && m.Ready {
			return true
		}
	}
	return false
}

// anyRunning reports whether any container of the deployment runs.
func (d deployment) anyRunning() bool {
	for _, m := range d.members {
		if m.Running {
			return true
		}
	}
	return false
}

// groupDeployments groups an app's members by deployment id, newest first.
// Containers without an id (plain Compose) form one deployment that sorts
// oldest.
func groupDeployments(members []member) []deployment {
	byID := map[string][]member{}
	for _, m := range members {
		byID[m.route.DeploymentID] = append(byID[m.route.DeploymentID], m)
	}
	out := make([]deployment, 0, len(byID))
	for id, ms := range byID {
		out = append(out, deployment{id: id, members: ms})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id > out[j].id })
	return out
}

// chooseServing picks the deployment that takes traffic: the newest one whose
// containers are all ready, so a new deployment gets traffic only once it is
// wholly healthy. When none is wholly ready (a replica crashed, say), the
// newest with any ready container serves, so traffic never stops while
// something could answer. It returns -1 when nothing is ready.
func chooseServing(ds []deployment) int {
	for i, d := range ds {
		if d.allReady() && d.routable() {
			return i
		}
	}
	for i, d := range ds {
		if d.anyReady() && d.routable() {
			return i
		}
	}
	return -1
}

package reconcile

import (
	"slices"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// Status is what the loop knows after its last pass (a wire type).
type Status = wire.Status

// Status returns the loop's counters and, from the latest observation,
// each app's status and the problems found. The result is a copy: the
// caller may fill in HAProxy's live view.
func (l *Loop) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.status
	if snap, ok := l.feed.Latest(); ok {
		st.Apps, st.Problems = cloneApps(snap.Routing.Apps), slices.Clone(snap.Routing.Problems)
		st.Applying = !snap.Served
	}
	return st
}

// passes is how many passes completed.
func (l *Loop) passes() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status.Passes
}

func (l *Loop) record(update func(*Status)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	update(&l.status)
}

// cloneApps copies apps down to the replicas, the part a status request
// fills in, so that the published observation stays unchanged.
func cloneApps(apps []routing.AppStatus) []routing.AppStatus {
	out := slices.Clone(apps)
	for i := range out {
		out[i].Deployments = slices.Clone(out[i].Deployments)
		for j := range out[i].Deployments {
			out[i].Deployments[j].Replicas = slices.Clone(out[i].Deployments[j].Replicas)
		}
	}
	return out
}

// HAProxyStatus is what HAProxy itself reports (a wire type).
type HAProxyStatus = wire.HAProxyStatus

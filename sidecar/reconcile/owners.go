package reconcile

import (
	"time"

	"github.com/haloydev/haloy/sidecar/routing"
)

// Ownership keeps which app owns which domain across passes and restarts.
type Ownership interface {
	// Owners is the current table as routing.Build consults it.
	Owners() routing.Owners
	// Observe records what the apps serve after a pass settled its
	// claims; freed reports that a domain became free, so the pass is
	// built again and a waiting claimant gets it at once.
	Observe(apps []routing.AppStatus, now time.Time) (freed bool)
}

// build is routing.Build with the loop's domain owners, if it has any.
func (l *Loop) build(cs []routing.Container) routing.Result {
	if l.Ownership == nil {
		return routing.Build(cs)
	}
	res := routing.Build(cs, routing.WithOwners(l.Ownership.Owners()))
	if l.Ownership.Observe(res.Apps, time.Now()) {
		res = routing.Build(cs, routing.WithOwners(l.Ownership.Owners()))
		l.Ownership.Observe(res.Apps, time.Now())
	}
	return res
}

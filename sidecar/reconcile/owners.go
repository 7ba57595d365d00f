package reconcile

import (
	"time"

	"github.com/haloydev/haloy/sidecar/routing"
)

// Ownership keeps which app owns which domain across passes and restarts.
// Its ReservedApp is served by its ReservedContainer only.
type Ownership interface {
	// Reserved is the api app's name and the one container that may serve it.
	Reserved() (app, container string)
	// Owners is the current table as routing.Build consults it.
	Owners() routing.Owners
	// Observe records what the apps serve after a pass settled its
	// claims; moved reports that a domain became free or changed owner,
	// so the pass is built again and the new owner gets it at once.
	Observe(apps []routing.AppStatus, now time.Time) (moved bool)
}

// build is routing.Build with the loop's domain owners, if it has any.
func (l *Loop) build(cs []routing.Container) routing.Result {
	if l.Ownership == nil {
		return routing.Build(cs)
	}
	app, ctr := l.Ownership.Reserved()
	reserved := routing.WithReservedApp(app, ctr)
	res := routing.Build(cs, reserved, routing.WithOwners(l.Ownership.Owners()))
	if l.Ownership.Observe(res.Apps, time.Now()) {
		res = routing.Build(cs, reserved, routing.WithOwners(l.Ownership.Owners()))
		l.Ownership.Observe(res.Apps, time.Now())
	}
	return res
}

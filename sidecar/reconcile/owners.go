package reconcile

import (
	"time"

	"github.com/haloydev/haloy/routing"
)

// Ownership keeps which app owns which domain across passes and restarts.
type Ownership interface {
	// Owners is the current table as routing.Build consults it.
	Owners() routing.Owners
	// Observe records what the apps serve after a pass settled its
	// claims; moved reports that a domain became free or changed owner,
	// so the pass is built again and the new owner gets it at once.
	Observe(apps []routing.AppStatus, now time.Time) (moved bool)
}

// build is routing.BuildWith with the pass's admissions and the loop's
// domain owners, if it has any. When the pass moves a domain (it became
// free, or changed owner), it is built again, so the new owner gets it at
// once.
func (l *Loop) build(cs []routing.Container, adm routing.Admissions) routing.Result {
	in := routing.Input{Admissions: adm, Decoded: &l.decoded}
	if l.Ownership == nil {
		return routing.BuildWith(cs, in)
	}
	in.Owners = l.Ownership.Owners()
	res := routing.BuildWith(cs, in)
	if l.Ownership.Observe(res.Apps, time.Now()) {
		in.Owners = l.Ownership.Owners()
		res = routing.BuildWith(cs, in)
		l.Ownership.Observe(res.Apps, time.Now())
	}
	return res
}

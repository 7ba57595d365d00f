package reconcile

import (
	"strings"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
)

// rejecter is an Applier that leaves out the apps HAProxy rejects
// (apply.Applier does) and tells which.
type rejecter interface {
	Rejected() []apply.RejectedApp
}

// rejectedProblems reports each app the applier left out as a Problem
// naming the app's containers in m.
func rejectedProblems(a Applier, m haproxy.Model) []routing.Problem {
	r, ok := a.(rejecter)
	if !ok {
		return nil
	}
	var ps []routing.Problem
	for _, rej := range r.Rejected() {
		ps = append(ps, routing.Problem{
			Container: containersOf(m, rej.App),
			App:       rej.App,
			Reason: "HAProxy rejects the configuration this app renders, so the app is not routed " +
				"(every other app is): " + rej.Reason,
			Hint: "fix what HAProxy names in the app's dev.haloy.* labels and deploy again",
		})
	}
	return ps
}

// containersOf lists the containers of app in m, comma-separated.
func containersOf(m haproxy.Model, app string) string {
	for _, a := range m.Apps {
		if a.Name != app {
			continue
		}
		var names []string
		for _, b := range a.Backends() {
			for _, s := range b.Servers {
				names = append(names, s.Name)
			}
		}
		return strings.Join(names, ",")
	}
	return ""
}

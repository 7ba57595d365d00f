package membership

import (
	"sort"
	"strings"

	"github.com/haloydev/haloy/contract"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

// The Compose labels a binding compares; Compose sets them on every
// container it creates.
const (
	// ComposeProject is the Compose project label.
	ComposeProject = "com.docker.compose.project"
	// ComposeService is the Compose service label.
	ComposeService = "com.docker.compose.service"
)

// Policy is how strict the decision is.
type Policy struct {
	// RegisteredOnly refuses every container of an app that no deploy
	// registered (plain Compose apps included).
	RegisteredOnly bool
	// ReservedApp is the sidecar's own API app ("" for none).
	ReservedApp string
	// SelfName is the sidecar's container name: the only container that
	// may join ReservedApp (container names are unique on an engine).
	SelfName string
}

// Decision is the verdict on every container, and the Compose bindings
// made by this decision that the caller must store.
type Decision struct {
	// Admissions are the verdicts by container id.
	Admissions routing.Admissions
	// Bindings are new bindings by app name.
	Bindings map[string]Binding
}

// Decide judges every container against the durable state.
func Decide(st State, pol Policy, cs []routing.Container) Decision {
	dec := Decision{Admissions: routing.Admissions{}, Bindings: map[string]Binding{}}
	byApp := map[string][]routing.Container{}
	for _, c := range cs {
		if app := c.Labels[labels.AppName]; app != "" {
			byApp[app] = append(byApp[app], c)
		}
	}
	for app, members := range byApp {
		a := st.Apps[app]
		if app != pol.ReservedApp && !a.registered() && a.Binding == nil && !a.Retired && !pol.RegisteredOnly {
			if b, ok := firstServed(members); ok {
				a.Binding = &b
				dec.Bindings[app] = b
			}
		}
		for _, c := range members {
			dec.Admissions[c.ID] = retire(a, c, judge(app, a, pol, c))
		}
	}
	return dec
}

// judge is the verdict on one container of app.
func judge(app string, a App, pol Policy, c routing.Container) routing.Admission {
	switch {
	case pol.ReservedApp != "" && app == pol.ReservedApp:
		return judgeReserved(app, pol, c)
	case a.registered():
		return judgeRegistered(app, a, pol, c)
	case pol.RegisteredOnly:
		return refuse(labels.AppName, "app "+app+" has no registered deployment and the sidecar routes registered deployments only (--registered-only)",
			"deploy it with `docker haloy deploy` or the API, or start the sidecar without --registered-only")
	case a.Binding == nil:
		return routing.Admission{} // nothing serves yet; the first that does binds the app
	}
	return judgeBound(app, *a.Binding, c)
}

// retire turns the verdict on a member of a retired app, or on a container
// a deploy handed over for removal, into Retire: it drains. A refused
// container stays refused.
func retire(a App, c routing.Container, v routing.Admission) routing.Admission {
	_, retiring := a.Retiring[c.ID]
	if !a.Retired && !retiring || v.Verdict == routing.Refuse {
		return v
	}
	return routing.Admission{Verdict: routing.Retire}
}

func judgeReserved(app string, pol Policy, c routing.Container) routing.Admission {
	if c.Name == pol.SelfName {
		return routing.Admission{}
	}
	return refuse(labels.AppName, "app "+app+" is the sidecar's own API; only its container "+pol.SelfName+" may join it",
		"choose another dev.haloy.appName")
}

func judgeRegistered(app string, a App, pol Policy, c routing.Container) routing.Admission {
	id := c.Labels[labels.DeploymentID]
	d, ok := a.Deployments[id]
	switch {
	case ok && d.Has(c) && d.Promoted:
		return routing.Admission{}
	case ok && d.Has(c):
		return routing.Admission{Verdict: routing.Hold}
	case ok:
		return refuse(labels.DeploymentID, "container is not one the deploy of "+app+" deployment "+id+" created",
			"only containers started by `docker haloy deploy` (or the API) join a deployed app; give this container its own dev.haloy.appName")
	case !pol.RegisteredOnly && a.Binding != nil && matches(*a.Binding, c) && id < a.oldestID():
		return routing.Admission{} // served before the app's first registered deploy
	}
	return refuse(labels.DeploymentID, "deployment "+orNone(id)+" of app "+app+" was not registered by a deploy",
		"deploy "+app+" with `docker haloy deploy` (or the API), or give this container its own dev.haloy.appName")
}

func judgeBound(app string, b Binding, c routing.Container) routing.Admission {
	if matches(b, c) {
		return routing.Admission{}
	}
	return refuse(labels.AppName, "app "+app+" belongs to Compose project "+orNone(b.Project)+" service "+orNone(b.Service)+
		", not to project "+orNone(c.Labels[ComposeProject])+" service "+orNone(c.Labels[ComposeService]),
		"give this container its own dev.haloy.appName; if "+app+" really moved, remove its old containers and run `haloy-sidecar membership unbind "+app+"`")
}

// firstServed is the origin of the oldest running, ready container: the
// one that serves an app nobody has bound yet.
func firstServed(cs []routing.Container) (Binding, bool) {
	var ready []routing.Container
	for _, c := range cs {
		if c.Running && c.Ready {
			ready = append(ready, c)
		}
	}
	if len(ready) == 0 {
		return Binding{}, false
	}
	sort.Slice(ready, func(i, j int) bool {
		if !ready[i].Created.Equal(ready[j].Created) {
			return ready[i].Created.Before(ready[j].Created)
		}
		return ready[i].Name < ready[j].Name
	})
	return originOf(ready[0]), true
}

func originOf(c routing.Container) Binding {
	return Binding{Project: c.Labels[ComposeProject], Service: c.Labels[ComposeService]}
}

func matches(b Binding, c routing.Container) bool { return originOf(c) == b }

func refuse(label, reason, hint string) routing.Admission {
	return routing.Admission{Verdict: routing.Refuse, Label: label, Reason: reason, Hint: hint}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// ServicePrefix marks a registered member that is a Swarm service by name
// ("service:<name>"): its tasks, whatever their ids, belong to the deployment.
const ServicePrefix = contract.ServiceMemberPrefix

// Has reports whether c is a member of the deployment: a registered
// container id, or a task of a registered Swarm service. A task's service
// comes from the engine, never from labels, and service names are unique
// in a Swarm.
func (d Deployment) Has(c routing.Container) bool {
	return contains(d.Containers, c.ID) || c.Service != "" && contains(d.Containers, ServicePrefix+c.Service)
}

// ContainerCount is how many containers the deployment registered by id
// (its Swarm service registrations left out: their tasks come and go).
func (d Deployment) ContainerCount() int {
	n := 0
	for _, c := range d.Containers {
		if !strings.HasPrefix(c, ServicePrefix) {
			n++
		}
	}
	return n
}

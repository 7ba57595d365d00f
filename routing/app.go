package routing

import (
	"sort"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// appPlan is one app's containers grouped into deployments, with the
// serving one chosen.
type appPlan struct {
	name        string
	deployments []deployment
	serving     int             // index into deployments, -1 for none
	coServing   int             // in a rolling update, the older deployment serving beside serving; else -1
	replaced    map[string]bool // containers a rolling update has taken over from: they drain
	route       labels.Route
	firstSeen   time.Time
	variants    []variant // the distinct routes of the deployments (see planVariants)
	variantOf   []int     // index into variants, per deployment
}

func planApp(name string, members []member) appPlan {
	p := appPlan{name: name, deployments: groupDeployments(members)}
	p.serving, p.coServing = chooseServing(p.deployments), -1
	if rolling(p.deployments) {
		p.planRolling()
	}
	p.route = p.routeSource().route
	p.planVariants()
	p.firstSeen = members[0].Created
	for _, m := range members {
		if m.Created.Before(p.firstSeen) {
			p.firstSeen = m.Created
		}
	}
	return p
}

// routeSource is the container whose labels give the app's domains, port and
// health path: the first of the serving deployment, else of the newest one.
func (p appPlan) routeSource() member {
	if p.serving >= 0 {
		return p.deployments[p.serving].members[0]
	}
	return p.deployments[0].members[0]
}

// model is the app as HAProxy should route it: the serving deployment's
// ready containers, and every running container of older deployments as
// draining so their in-flight requests finish. Retiring containers drain
// whether or not anything serves.
func (p appPlan) model() haproxy.App {
	if len(p.variants) > 1 {
		return p.variantModel()
	}
	app := haproxy.App{Name: p.name, Domains: p.route.Domains, HealthCheckPath: p.route.HealthCheckPath,
		TLSALPN: p.route.Challenge() == labels.ChallengeTLSALPN01}
	for i, d := range p.deployments {
		for _, m := range d.members {
			if p.serving < 0 && !m.retiring {
				continue
			}
			if s, ok := p.server(i, m); ok {
				app.Servers = append(app.Servers, s)
			}
		}
	}
	sort.Slice(app.Servers, func(i, j int) bool { return app.Servers[i].Name < app.Servers[j].Name })
	return app
}

// server returns the HAProxy server for member m of deployment i, if it has one.
func (p appPlan) server(i int, m member) (haproxy.Server, bool) {
	if !m.Running || m.Address == "" || m.held {
		return haproxy.Server{}, false
	}
	s := haproxy.Server{Name: m.Name, Address: m.Address, Port: m.route.Port}
	switch {
	case p.replaced[m.Name] || m.Stopping || m.retiring:
		s.Draining = true
		return s, true
	case p.active(i):
		return s, m.Ready
	case i > p.serving:
		s.Draining = true
		return s, true
	default:
		return s, false
	}
}

func (p appPlan) status() AppStatus {
	st := AppStatus{Name: p.name, Domains: p.route.Domains}
	if p.serving >= 0 {
		st.Serving = p.deployments[p.serving].id
	}
	for i, d := range p.deployments {
		st.Deployments = append(st.Deployments, DeploymentStatus{ID: d.id, State: p.state(i), Held: d.held(), Retiring: d.retiring(), Replicas: p.replicas(d),
			Backend: p.backendName(i)})
	}
	return st
}

func (p appPlan) state(i int) DeploymentState {
	switch {
	case !p.deployments[i].anyRunning():
		return StateStopped
	case p.active(i):
		return StateServing
	case p.deployments[i].retiring():
		return StateDraining
	case p.deployments[i].held():
		return StateStarting
	case p.allReplaced(i):
		return StateDraining
	case p.serving >= 0 && i > p.serving:
		return StateDraining
	default:
		return StateStarting
	}
}

func (p appPlan) replicas(d deployment) []ReplicaStatus {
	out := make([]ReplicaStatus, 0, len(d.members))
	for _, m := range d.members {
		out = append(out, ReplicaStatus{Container: m.Name, Address: m.Address, Running: m.Running, Health: m.Health, Ready: m.Ready, Replaced: p.replaced[m.Name]})
	}
	return out
}

package routing

import (
	"errors"
	"sort"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// Result is everything Build derives from the observed containers.
type Result struct {
	// Model is what HAProxy should route.
	Model haproxy.Model
	// Apps is the per-app status, sorted by name.
	Apps []AppStatus
	// Problems are the mistakes found; the affected containers or domains are not routed.
	Problems []Problem
}

// member is a container whose labels decoded.
type member struct {
	Container
	route labels.Route
}

// Build derives the routing model from the labelled containers. Containers
// whose labels do not decode become Problems; every other app still routes.
// Options (WithOwners) change how domain claims are settled.
func Build(containers []Container, opts ...Option) Result {
	var res Result
	o := options(opts)
	apps := map[string][]member{}
	sorted := sortedByName(containers)
	for i, d := range decodeAll(sorted) {
		c, r, err := sorted[i], d.route, d.err
		if err != nil {
			res.Problems = append(res.Problems, labelProblems(c, err)...)
			continue
		}
		if p, ok := o.impersonates(c, r); ok {
			res.Problems = append(res.Problems, p)
			continue
		}
		apps[r.AppName] = append(apps[r.AppName], member{Container: c, route: r})
		if c.ProbeError != "" {
			res.Problems = append(res.Problems, probeProblem(c, r))
		}
	}
	plans := make([]appPlan, 0, len(apps))
	for name, members := range apps {
		plans = append(plans, planApp(name, members))
	}
	sortByClaimOrder(plans)
	res.Problems = append(res.Problems, claimDomains(plans, o.owners)...)
	for _, p := range plans {
		res.Model.Apps = append(res.Model.Apps, p.model())
		res.Apps = append(res.Apps, p.status())
	}
	sort.Slice(res.Model.Apps, func(i, j int) bool { return res.Model.Apps[i].Name < res.Model.Apps[j].Name })
	sort.Slice(res.Apps, func(i, j int) bool { return res.Apps[i].Name < res.Apps[j].Name })
	return res
}

func labelProblems(c Container, err error) []Problem {
	var les labels.LabelErrors
	if !errors.As(err, &les) {
		return []Problem{{Container: c.Name, App: c.Labels[labels.AppName], Reason: err.Error()}}
	}
	out := make([]Problem, 0, len(les))
	for _, le := range les {
		out = append(out, Problem{
			Container: c.Name, App: c.Labels[labels.AppName],
			Label: le.Label, Reason: le.Reason, Hint: le.Hint,
		})
	}
	return out
}

func probeProblem(c Container, r labels.Route) Problem {
	return Problem{
		Container: c.Name, App: r.AppName, Label: labels.Port,
		Reason: c.ProbeError,
		Hint:   "check that the app listens on port " + r.Port + " and answers 2xx on " + r.HealthCheckPath + ", or fix dev.haloy.port / dev.haloy.health-check-path",
	}
}

func sortedByName(cs []Container) []Container {
	out := append([]Container(nil), cs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

package routing

import (
	"errors"
	"sort"
	"time"

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
	// ACME is each app's certificate settings, by app name (every app of
	// Model has one).
	ACME map[string]ACME
}

// member is a container whose labels decoded.
type member struct {
	Container
	route labels.Route
	held  bool // a registered deployment not promoted yet: never routed
	// retiring is a container of an app being stopped: it only drains.
	retiring bool
}

// Input is what a build judges containers by, beside their labels.
type Input struct {
	// Now is the time deployment ids are checked against (a zero Now means
	// time.Now): an id later than Now plus labels.MaxDeploymentIDSkew would
	// outrank every real deployment of its app for years, so it is a Problem.
	Now time.Time
	// Admissions is the verdict per container ID; a container without one
	// is admitted. Refused containers are never routed, and become Problems
	// once they run: a container that only exists may not be registered
	// yet (a deploy registers its containers between creating and starting
	// them), so a refusal judged before it runs may be out of date, while
	// one judged after it started is final. Held ones are shown but never
	// routed, retired ones drain.
	Admissions Admissions
	// Owners, when set, gives each owned host to its owner only; every
	// other claimant is reported.
	Owners Owners
	// Decoded, when set, keeps decoded labels for the next build (see
	// DecodeCache); without it every container's labels are decoded.
	Decoded *DecodeCache
}

// Build derives the routing model from the labelled containers, admitting
// them all, at the current time; see BuildWith.
func Build(containers []Container) Result {
	return BuildWith(containers, Input{})
}

// BuildWith derives the routing model from the labelled containers.
// Containers whose labels do not decode, whose deployment id lies in the
// future or that in refuses become Problems; every other app still routes.
func BuildWith(containers []Container, in Input) Result {
	now, adm := in.Now, in.Admissions
	if now.IsZero() {
		now = time.Now()
	}
	var res Result
	apps := map[string][]member{}
	sorted := sortedByName(containers)
	for i, d := range decodeAll(in.Decoded, sorted) {
		c, r, err := sorted[i], d.route, d.err
		if err == nil && r.DeploymentID != "" {
			err = futureID(r.DeploymentID, now)
		}
		if err != nil {
			res.Problems = append(res.Problems, labelProblems(c, err)...)
			continue
		}
		a := adm[c.ID]
		if a.Verdict == Refuse {
			if c.Running {
				res.Problems = append(res.Problems, a.refusal(c, r.AppName))
			}
			continue
		}
		apps[r.AppName] = append(apps[r.AppName], member{Container: c, route: r, held: a.Verdict == Hold, retiring: a.Verdict == Retire})
		if c.ProbeError != "" {
			res.Problems = append(res.Problems, probeProblem(c, r))
		}
	}
	plans := make([]appPlan, 0, len(apps))
	for name, members := range apps {
		plans = append(plans, planApp(name, members))
	}
	sortByClaimOrder(plans)
	res.Problems = append(res.Problems, claimDomains(plans, in.Owners)...)
	res.ACME = make(map[string]ACME, len(plans))
	for _, p := range plans {
		m := p.model()
		res.Model.Apps = append(res.Model.Apps, m)
		res.Apps = append(res.Apps, p.status())
		res.ACME[p.name] = acmeOf(apps[p.name], m)
	}
	sort.Slice(res.Model.Apps, func(i, j int) bool { return res.Model.Apps[i].Name < res.Model.Apps[j].Name })
	sort.Slice(res.Apps, func(i, j int) bool { return res.Apps[i].Name < res.Apps[j].Name })
	return res
}

// futureID refuses a deployment id later than now plus the allowed skew.
// It is checked on every pass, not cached with the decoded labels: an id
// a little ahead of a slow clock becomes valid as time passes.
func futureID(id string, now time.Time) error {
	if err := labels.ValidateDeploymentIDAt(id, now); err != nil {
		return labels.LabelErrors{{Label: labels.DeploymentID, Value: id, Reason: err.Error(),
			Hint: "deploy again with docker haloy (it picks a valid id) or remove the label"}}
	}
	return nil
}

func labelProblems(c Container, err error) []Problem {
	app := claimedApp(c)
	var les labels.LabelErrors
	if !errors.As(err, &les) {
		return []Problem{{Container: c.Name, App: app, Reason: err.Error()}}
	}
	out := make([]Problem, 0, len(les))
	for _, le := range les {
		out = append(out, Problem{
			Container: c.Name, App: app,
			Label: le.Label, Reason: le.Reason, Hint: le.Hint,
		})
	}
	return out
}

// claimedApp is the app a refused container names, shortened when it is
// too long to be one (an app name has at most 63 characters), so that a
// huge label is not repeated in every status.
func claimedApp(c Container) string {
	app := c.Labels[labels.AppName]
	if len(app) > 64 {
		return app[:64] + "..."
	}
	return app
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

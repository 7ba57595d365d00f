package deploy

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/haloydev/haloy/wire"
)

// String renders the plan for people, one step a line, in the order the
// deploy takes them. Values from haloy.yaml and the engine are made
// terminal-safe.
func (p Plan) String() string {
	var b strings.Builder
	line := func(format string, args ...any) {
		for i, a := range args {
			if s, ok := a.(string); ok {
				args[i] = termsafe.String(s)
			}
		}
		fmt.Fprintf(&b, format+"\n", args...)
	}
	line("plan for %s: deployment %s (a dry run: nothing was changed)", p.App, p.DeploymentID)
	for _, h := range p.PreDeploy {
		line("  run preDeploy hook: %s", h)
	}
	line("  tag image %s as %s", p.Image, p.Tag)
	p.renderContainer(line)
	if p.Update.Parallelism > 0 {
		p.renderBatches(line)
	} else {
		names := make([]string, 0, len(p.Batches))
		for _, step := range p.Batches {
			for _, r := range step {
				names = append(names, r.Name)
			}
		}
		line("  create and start %d replica(s) together: %s", len(names), strings.Join(names, ", "))
		line("  wait until every replica is ready (at most %s), then promote the deployment and switch traffic to it", dur(p.ReadyTimeout))
		line("  if it never becomes ready: remove the new replicas; the serving deployment keeps serving")
	}
	switch {
	case len(p.Retire) == 0:
		line("  no earlier containers to retire")
	case p.Update.Parallelism > 0:
		line("  once every batch serves, remove the earlier containers: %s", strings.Join(p.Retire, ", "))
	default:
		line("  drain (at most %s), stop (grace %s) and remove the earlier containers: %s", dur(p.DrainTimeout), dur(p.StopGrace), strings.Join(p.Retire, ", "))
	}
	line("  record the deployment for rollback")
	for _, h := range p.PostDeploy {
		line("  run postDeploy hook: %s", h)
	}
	return b.String()
}

func (p Plan) renderContainer(line func(string, ...any)) {
	c := p.Container
	line("  replicas run %s, restart %s, networks %s", c.Image, c.Restart, strings.Join(c.Networks, ", "))
	env := make([]string, 0, len(c.Env))
	for _, e := range c.Env {
		if e.SecretName != "" {
			env = append(env, e.Name+" (secret "+e.SecretName+")")
		} else {
			env = append(env, e.Name)
		}
	}
	if len(env) > 0 {
		line("    env: %s", strings.Join(env, ", "))
	}
	for _, m := range c.Mounts {
		line("    mount: %s", m)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Labels)) {
		line("    label: %s=%s", k, c.Labels[k])
	}
}

func (p Plan) renderBatches(line func(string, ...any)) {
	u := p.Update
	line("  rolling update in %d batch(es) of %d (%s, on failure: %s)", len(p.Batches), u.Parallelism, u.Order, u.FailureAction)
	for i, step := range p.Batches {
		parts := make([]string, 0, len(step))
		for _, r := range step {
			if len(r.Replaces) == 0 {
				parts = append(parts, r.Name+" (added)")
			} else {
				parts = append(parts, r.Name+" replaces "+strings.Join(r.Replaces, ","))
			}
		}
		verb := "start, wait until ready (at most " + dur(p.ReadyTimeout) + "), then drain and stop the replaced"
		if u.Order == config.OrderStopFirst {
			verb = "drain and stop the replaced, then start and wait until ready (at most " + dur(p.ReadyTimeout) + ")"
		}
		line("    batch %d: %s: %s", i+1, verb, strings.Join(parts, "; "))
	}
}

func dur(d wire.Duration) string {
	return time.Duration(d).String()
}

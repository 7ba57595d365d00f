package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// List returns every container (running or not) carrying any dev.haloy.*
// label (see labels.IsHaloy), whoever started it, so that one with a
// missing or mistyped dev.haloy.role is decoded and reported, never
// ignored. Docker's label filter matches whole keys only, so all
// containers are listed and filtered here. Ready is left false for the
// caller to fill in.
func (e *Engine) List(ctx context.Context) ([]routing.Container, error) {
	res, err := e.api.ContainerList(ctx, client.ContainerListOptions{All: true})
	if err != nil {
		return nil, fmt.Errorf("listing containers: %w", err)
	}
	out := make([]routing.Container, 0, len(res.Items))
	seen := map[string]bool{}
	for _, s := range res.Items {
		if !labels.IsHaloy(s.Labels) {
			continue
		}
		c := e.fromSummary(s)
		if c.Running && c.Health == routing.HealthNone && e.hasHealthcheck(ctx, c.ID) {
			c.Health = routing.HealthStarting // Docker has not reported the first check yet
		}
		c.Stopping = c.Running && e.isStopping(c.ID)
		seen[c.ID] = true
		out = append(out, c)
	}
	e.forgetGone(seen)
	return out, nil
}

// hasHealthcheck reports whether the container has a Docker HEALTHCHECK.
// Right after a start, the engine's status text shows no health state yet;
// without this, such a container would be probed over HTTP and could take
// traffic before its own HEALTHCHECK passed. The answer never changes for
// a container, so it is asked once.
func (e *Engine) hasHealthcheck(ctx context.Context, id string) bool {
	e.mu.Lock()
	known, ok := e.healthchecks[id]
	e.mu.Unlock()
	if ok {
		return known
	}
	res, err := e.api.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		return false
	}
	hc := res.Container.Config != nil && res.Container.Config.Healthcheck != nil &&
		len(res.Container.Config.Healthcheck.Test) > 0 && res.Container.Config.Healthcheck.Test[0] != "NONE"
	e.mu.Lock()
	e.healthchecks[id] = hc
	e.mu.Unlock()
	return hc
}

// forgetGone drops what is known of containers no longer listed.
func (e *Engine) forgetGone(keep map[string]bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, known := range []map[string]bool{e.healthchecks, e.stopping} {
		for id := range known {
			if !keep[id] {
				delete(known, id)
			}
		}
	}
}

func (e *Engine) fromSummary(s container.Summary) routing.Container {
	c := routing.Container{
		ID:      s.ID,
		Name:    containerName(s.Names),
		Labels:  s.Labels,
		Running: s.State == container.StateRunning,
		Created: time.Unix(s.Created, 0),
		Health:  healthOf(s),
	}
	if s.NetworkSettings != nil {
		if ep := s.NetworkSettings.Networks[e.network]; ep != nil && ep.IPAddress.IsValid() {
			c.Address = ep.IPAddress.String()
		}
	}
	return c
}

func containerName(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return strings.TrimPrefix(names[0], "/")
}

// healthOf reads the HEALTHCHECK state. Engines before API 1.52 report it
// only inside the human Status text ("Up 3 seconds (healthy)").
func healthOf(s container.Summary) routing.Health {
	if s.Health != nil && s.Health.Status != container.NoHealthcheck && s.Health.Status != "" {
		return routing.Health(s.Health.Status)
	}
	switch {
	case strings.Contains(s.Status, "(healthy)"):
		return routing.HealthHealthy
	case strings.Contains(s.Status, "(unhealthy)"):
		return routing.HealthUnhealthy
	case strings.Contains(s.Status, "(health: starting)"):
		return routing.HealthStarting
	}
	return routing.HealthNone
}

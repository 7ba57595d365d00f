package engine

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/client"
)

// Revival says whether a supervised container should be started again.
type Revival struct {
	// Start is true when the container died on its own or was killed.
	Start bool
	// Reason says why, for the log and status.
	Reason string
}

// NeedsStart decides from a container's state whether it died (killed,
// crashed, OOM-killed: a non-zero exit) and should be started again. A
// container that exited 0 was stopped gracefully on purpose (`docker
// stop`, `docker compose stop`: HAProxy exits 0 on its stop signal
// SIGUSR1) and is left stopped; one that runs, restarts, is paused or was
// only created is none of our business. The rule reads state only, so a
// sidecar that restarts decides as it did before.
func NeedsStart(s *container.State) Revival {
	if s == nil {
		return Revival{}
	}
	if s.Status != container.StateExited && s.Status != container.StateDead {
		return Revival{}
	}
	switch {
	case s.OOMKilled:
		return Revival{Start: true, Reason: "killed for lack of memory"}
	case s.ExitCode != 0:
		return Revival{Start: true, Reason: fmt.Sprintf("exited with code %d", s.ExitCode)}
	}
	return Revival{Reason: "stopped on purpose (exit code 0)"}
}

// Revive starts the named container if NeedsStart says it died, and
// returns the decision.
func (e *Engine) Revive(ctx context.Context, name string) (Revival, error) {
	res, err := e.api.ContainerInspect(ctx, name, client.ContainerInspectOptions{})
	if err != nil {
		return Revival{}, fmt.Errorf("inspecting %s: %w", name, err)
	}
	r := NeedsStart(res.Container.State)
	if !r.Start {
		return r, nil
	}
	if _, err := e.api.ContainerStart(ctx, name, client.ContainerStartOptions{}); err != nil {
		return r, fmt.Errorf("starting %s: %w", name, err)
	}
	return r, nil
}

// WatchDeaths calls notify each time the named container dies, until ctx
// ends or the stream breaks; it then returns why.
func (e *Engine) WatchDeaths(ctx context.Context, name string, notify func()) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	f := make(client.Filters).Add("type", string(events.ContainerEventType)).
		Add("container", name).Add("event", string(events.ActionDie))
	s := e.api.Events(ctx, client.EventsListOptions{Filters: f})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-s.Err:
			return streamError(err)
		case <-s.Messages:
			notify()
		}
	}
}

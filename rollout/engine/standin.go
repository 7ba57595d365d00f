package engine

import (
	"context"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// swarmServiceLabel is the label Swarm puts on a task's container naming
// its service.
const swarmServiceLabel = "com.docker.swarm.service.name"

// StandIn names a Swarm service whose task on this engine stands in, for
// execs, for a container the engine does not run: on a manager without the
// sidecar, a task of the relay, whose binary forwards the same subcommands
// to the leader sidecar.
type StandIn struct {
	// Container is the container execs name; Service the stand-in's service.
	Container, Service string
}

// WithStandIn makes execs into s.Container run in a local running task of
// s.Service when the engine has no such container.
func (e *Engine) WithStandIn(s StandIn) *Engine {
	e.standIn = &s
	return e
}

// execTarget is the container an exec into name runs in: name itself, or
// the stand-in's task when the engine has no container name.
func (e *Engine) execTarget(ctx context.Context, name string) string {
	if e.standIn == nil || name != e.standIn.Container {
		return name
	}
	if _, err := e.api.ContainerInspect(ctx, name, client.ContainerInspectOptions{}); !cerrdefs.IsNotFound(err) {
		return name
	}
	res, err := e.api.ContainerList(ctx, client.ContainerListOptions{Filters: make(client.Filters).Add("label", swarmServiceLabel+"="+e.standIn.Service)})
	if err != nil || len(res.Items) == 0 {
		return name // the exec fails on the missing container, as before
	}
	return res.Items[0].ID
}

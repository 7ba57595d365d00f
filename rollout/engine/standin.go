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

// onTarget runs an exec with run into name and, when the engine has no
// container name and a stand-in is set for it, again into a local running
// task of the stand-in's service: the usual case costs no extra request.
// An exec that did not find its container ran nothing, so running it
// again is safe.
func (e *Engine) onTarget(ctx context.Context, name string, run func(target string) error) error {
	err := run(name)
	if e.standIn == nil || name != e.standIn.Container || !cerrdefs.IsNotFound(err) {
		return err
	}
	res, lerr := e.api.ContainerList(ctx, client.ContainerListOptions{Filters: make(client.Filters).Add("label", swarmServiceLabel+"="+e.standIn.Service)})
	if lerr != nil || len(res.Items) == 0 {
		return err // the container is missing, and no stand-in runs here
	}
	return run(res.Items[0].ID)
}

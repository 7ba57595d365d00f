package daemon

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/swarm"
)

// lister lists what the sidecar routes.
type lister interface {
	List(ctx context.Context) ([]routing.Container, error)
}

// sources lists the labelled containers of the engine and, on a Swarm
// manager, the tasks of labelled services, as one list: the reconcile
// loop, admission and certificates treat a task like a container.
type sources struct {
	containers lister
	swarm      lister
}

// SwarmTaskLabel is the label Swarm puts on the container of a task.
const SwarmTaskLabel = "com.docker.swarm.task.id"

// List returns the containers followed by the Swarm tasks. A task's own
// container on this node (it carries the service's container labels) is
// left out: the task stands for it, on every node alike. A failed Swarm
// listing fails the whole list, so the loop keeps the routing it has
// rather than dropping every task.
func (s sources) List(ctx context.Context) ([]routing.Container, error) {
	cs, err := s.containers.List(ctx)
	if err != nil || s.swarm == nil {
		return cs, err
	}
	tasks, err := s.swarm.List(ctx)
	if err != nil {
		return nil, err
	}
	cs = slices.DeleteFunc(cs, func(c routing.Container) bool { return c.Labels[SwarmTaskLabel] != "" })
	return append(cs, tasks...), nil
}

// watchSwarm hints the loop whenever the Swarm's tasks change (Swarm's
// event stream has no task events), logging listing errors at most once a
// minute.
func watchSwarm(ctx context.Context, obs *swarm.Observer, loop interface{ Hint() }, log *slog.Logger) {
	var mu sync.Mutex
	var last time.Time
	obs.Watch(ctx, loop.Hint, func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) > time.Minute {
			last = time.Now()
			log.Warn("listing swarm services and tasks failed", "err", err)
		}
	})
}

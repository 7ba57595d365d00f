package swarm

import (
	"context"
	"sync"
	"time"

	"github.com/moby/moby/api/types/swarm"
)

// registrar registers the tasks of a new deployment's service with the
// sidecar as Swarm creates them: the sidecar routes a registered app's
// tasks only when a deploy registered them, and a task's id is known only
// once Swarm made it. It runs until stopped, so a task Swarm replaces
// during the deploy is registered too.
type registrar struct {
	cancel func()
	done   chan struct{}

	mu       sync.Mutex
	promoted bool
	known    map[string]bool // registered task ids
	running  int             // tasks running now
	failure  *Task           // a task that failed, if any
	err      error           // the last registration error
}

func (d *Deployer) startRegistrar(ctx context.Context, app, id string, svc Service) *registrar {
	ctx, cancel := context.WithCancel(ctx)
	r := &registrar{cancel: cancel, done: make(chan struct{}), known: map[string]bool{}}
	go func() {
		defer close(r.done)
		t := time.NewTicker(d.poll())
		defer t.Stop()
		for {
			r.pass(ctx, d, app, id, svc)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return r
}

// pass lists the service's tasks once and registers the new ones.
func (r *registrar) pass(ctx context.Context, d *Deployer, app, id string, svc Service) {
	tasks, err := d.Cluster.Tasks(ctx, svc.ID)
	if err != nil {
		r.set(func() { r.err = err })
		return
	}
	var fresh []string
	running := 0
	var failed *Task
	r.mu.Lock()
	for _, t := range tasks {
		if t.failed() && failed == nil {
			failed = &t
		}
		if t.State == swarm.TaskStateRunning {
			running++
		}
		if t.DesiredState == swarm.TaskStateRunning && !r.known[t.ID] {
			fresh = append(fresh, t.ID)
		}
	}
	promote := r.promoted
	r.running, r.failure = running, failed
	r.mu.Unlock()
	if len(fresh) == 0 || d.Registry == nil {
		return
	}
	if err := d.Registry.Register(ctx, app, id, fresh, promote); err != nil {
		r.set(func() { r.err = err })
		return
	}
	r.set(func() {
		for _, t := range fresh {
			r.known[t] = true
		}
		r.err = nil
	})
}

// state is what the registrar saw last: registered tasks, running tasks,
// a failed task and the last registration error.
func (r *registrar) state() (registered, running int, failed *Task, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.known), r.running, r.failure, r.err
}

// markPromoted makes later registrations promote at once.
func (r *registrar) markPromoted() { r.set(func() { r.promoted = true }) }

func (r *registrar) set(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *registrar) stop() {
	r.cancel()
	<-r.done
}

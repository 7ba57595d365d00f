package swarm

import (
	"context"
	"sync"
	"time"

	"github.com/moby/moby/api/types/swarm"
)

// taskWatch lists a new service's tasks while the deploy waits for them,
// to fail early with Swarm's reason when one fails (the sidecar only sees
// tasks that run).
type taskWatch struct {
	cancel func()
	done   chan struct{}

	mu      sync.Mutex
	running int   // tasks running now
	failure *Task // a task that failed, if any
}

func (d *Deployer) watchTasks(ctx context.Context, svc Service) *taskWatch {
	ctx, cancel := context.WithCancel(ctx)
	w := &taskWatch{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(d.poll())
		defer t.Stop()
		for {
			if tasks, err := d.Cluster.Tasks(ctx, svc.ID); err == nil {
				w.see(tasks)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *taskWatch) see(tasks []Task) {
	running := 0
	var failed *Task
	for _, t := range tasks {
		if t.failed() && failed == nil {
			failed = &t
		}
		if t.State == swarm.TaskStateRunning {
			running++
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running, w.failure = running, failed
}

// state is what the watch saw last: running tasks and a failed one.
func (w *taskWatch) state() (running int, failed *Task) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.running, w.failure
}

func (w *taskWatch) stop() {
	w.cancel()
	<-w.done
}

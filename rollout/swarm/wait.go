package swarm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// waitServing waits until the sidecar reports n ready replicas of
// deployment id, promotes it, and waits until it serves. When the
// Registry can (a session with the sidecar), the sidecar holds the
// promotion and routes the deployment in the pass that sees its tasks
// ready, without a round trip through the deploy.
// It fails early when a task of the service fails or the sidecar cannot
// route it.
func (d *Deployer) waitServing(ctx context.Context, app, id string, svc Service, n int, watch *taskWatch, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	promoted := false
	held := deploy.HoldPromotion(ctx, d.Registry, app, id)
	var last wire.Status
	steps := d.phases()
	err := d.follow(ctx, func(st wire.Status) (bool, error) {
		last = st
		a := st.App(app)
		ready := readyReplicas(a, id)
		running, failed := watch.state()
		steps.reach(StepTasksRunning, running >= n || ready >= n)
		steps.reach(deploy.StepReady, ready >= n)
		if a != nil && a.Serving == id && ready >= n && st.LastError == "" && !st.Applying {
			steps.reach(deploy.StepSwitch, true)
			return true, nil
		}
		if failed != nil {
			return true, fmt.Errorf("%w: task %s on node %s failed: %s", deploy.ErrUnhealthy, failed.Name(svc.Name), failed.NodeID, orNone(failed.Err))
		}
		if p := problemOf(st, svc.Name); p != nil {
			return true, fmt.Errorf("%w: the sidecar cannot route it: %s", deploy.ErrUnroutable, p)
		}
		if held != nil {
			held, promoted = deploy.CheckHeld(held, d.step)
		}
		if !promoted && held == nil && ready >= n {
			d.step("%d replica(s) of %s are ready; promoting it", ready, id)
			if err := d.promote(ctx, app, id); err != nil {
				return true, err
			}
			promoted = true
		}
		return false, nil
	})
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		running, _ := watch.state()
		why := fmt.Sprintf("%d of %d replica(s) ready after %s (%d task(s) running)", readyReplicas(last.App(app), id), n, timeout, running)
		return fmt.Errorf("%w: %s", deploy.ErrUnhealthy, why)
	}
	return errCanceled("waiting for the new replicas", err)
}

// waitDrained waits until no deployment of app but id takes new requests
// and HAProxy holds no sessions on their replicas, or until timeout.
func (d *Deployer) waitDrained(ctx context.Context, app, id string, timeout time.Duration) error {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	busy := 0
	err := d.follow(waitCtx, func(st wire.Status) (bool, error) {
		busy = st.App(app).BusyOutside(id)
		return busy == 0, nil
	})
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		d.step("drain timeout (%s) reached with %d replica(s) still busy; removing their services", timeout, busy)
	}
	return nil
}

// follow reads the sidecar's status every poll until check is done.
func (d *Deployer) follow(ctx context.Context, check func(wire.Status) (bool, error)) error {
	t := time.NewTicker(first(d.StatusPoll, d.poll()))
	defer t.Stop()
	for {
		st, err := d.Sidecar.Status(ctx)
		if err == nil {
			if done, cerr := check(st); done {
				return cerr
			}
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("reading the sidecar's status: %w", err)
			}
			return ctx.Err()
		case <-t.C:
		}
	}
}

// readyReplicas counts the ready, running replicas of deployment id.
func readyReplicas(a *routing.AppStatus, id string) int {
	n := 0
	for _, r := range a.ReplicasOf(id) {
		if r.Ready && r.Running {
			n++
		}
	}
	return n
}

// problemOf is a problem the sidecar reports for a task of the service.
func problemOf(st wire.Status, service string) *routing.Problem {
	for _, p := range st.Problems {
		if strings.HasPrefix(p.Container, service+".") {
			return &p
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(no reason given)"
	}
	return s
}

// promote asks the sidecar to route deployment id of app.
func (d *Deployer) promote(ctx context.Context, app, id string) error {
	if d.Registry == nil {
		return nil
	}
	return d.Registry.Promote(ctx, app, id)
}

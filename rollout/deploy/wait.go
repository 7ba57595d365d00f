package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// PollInterval is how often the sidecar's status is read while waiting,
// when it cannot be streamed.
const PollInterval = 100 * time.Millisecond

// logLines is how many log lines of a failing container are reported.
const logLines = 20

// UnhealthyGrace is how long a new replica may be unhealthy by its
// HEALTHCHECK before the deploy gives up on it: Docker reports a slow
// starter without a start period as unhealthy before it first answers.
const UnhealthyGrace = 10 * time.Second

// Sidecar reports the sidecar's view of the routing.
type Sidecar interface {
	Status(ctx context.Context) (wire.Status, error)
}

// waitServing waits until every replica of deployment id of app is ready,
// promotes the deployment, and waits until the sidecar serves it. It fails
// early when a new replica exits or turns unhealthy.
func (d *Deployer) waitServing(ctx context.Context, app, id string, started []engine.Container, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	since, seenRunning, promoted, seenReady := time.Now(), map[string]bool{}, false, false
	readyAt := since // when every replica was ready (the promotion)
	held := HoldPromotion(ctx, d.Registry, app, id)
	var last wire.Status
	err := d.follow(ctx, func(st wire.Status) (bool, error) {
		last = st
		a := st.App(app)
		if !seenReady && allReady(a, id) {
			d.Timings.since(StepReady, since)
			readyAt, seenReady = time.Now(), true
		}
		if a != nil && a.Serving == id && allReady(a, id) && st.LastError == "" && !st.Applying {
			d.Timings.since(StepSwitch, readyAt)
			return true, nil
		}
		if held != nil {
			held, promoted = CheckHeld(held, d.step)
		}
		if !promoted && held == nil && allReady(a, id) {
			if err := d.promote(ctx, app, id); err != nil {
				return true, err
			}
			promoted = true
		}
		if bad := failedReplica(a, id, time.Since(since) > UnhealthyGrace, seenRunning); bad != nil {
			return true, d.unhealthy(ctx, bad.Container, describe(*bad))
		}
		if p := problemOf(st, started); p != nil {
			return true, fmt.Errorf("%w: the sidecar cannot route it: %s", ErrUnroutable, p)
		}
		return false, nil
	})
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("waiting for the new replicas: %w", context.Canceled)
	}
	if err != nil && ctx.Err() != nil {
		return d.unhealthy(context.WithoutCancel(ctx), notReady(last.App(app), id, started), fmt.Sprintf("not ready after %s", timeout))
	}
	return err
}

// waitDrained waits until no deployment of app but id takes new requests
// and HAProxy holds no sessions on their replicas, or until timeout: then
// what is still in flight gets the replicas' stop grace period to finish.
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
		d.step("drain timeout (%s) reached with %d replica(s) still busy; stopping them", timeout, busy)
	}
	return nil
}

// unhealthy is ErrUnhealthy with the reason and the container's last log lines.
func (d *Deployer) unhealthy(ctx context.Context, container, why string) error {
	err := fmt.Errorf("%w: %s", ErrUnhealthy, why)
	if container == "" {
		return err
	}
	logs, lerr := d.Engine.Logs(ctx, container, logLines)
	if lerr != nil || strings.TrimSpace(logs) == "" {
		return err
	}
	return fmt.Errorf("%w\nlast %d log lines of %s:\n%s", err, logLines, container, indent(logs))
}

// problemOf returns a routing problem the sidecar reports for one of the
// started containers, if any.
func problemOf(st wire.Status, started []engine.Container) *routing.Problem {
	for _, p := range st.Problems {
		for _, c := range started {
			if p.Container == c.Name {
				return &p
			}
		}
	}
	return nil
}

// allReady reports whether every replica of deployment id is ready (a first
// deployment serves as soon as one replica is, but the deploy waits for all).
func allReady(a *routing.AppStatus, id string) bool {
	reps := a.ReplicasOf(id)
	for _, r := range reps {
		if !r.Ready {
			return false
		}
	}
	return len(reps) > 0
}

// failedReplica returns a replica of deployment id that stopped, or (when
// pastGrace) is unhealthy by its HEALTHCHECK, if any. A replica counts as
// stopped only once it was seen running (or after the grace): the status
// may come from a pass that saw it created but not yet started.
func failedReplica(a *routing.AppStatus, id string, pastGrace bool, seenRunning map[string]bool) *routing.ReplicaStatus {
	for _, r := range a.ReplicasOf(id) {
		if r.Running {
			seenRunning[r.Container] = true
		}
		if !r.Running && (seenRunning[r.Container] || pastGrace) || pastGrace && r.Health == routing.HealthUnhealthy {
			return &r
		}
	}
	return nil
}

func notReady(a *routing.AppStatus, id string, started []engine.Container) string {
	for _, r := range a.ReplicasOf(id) {
		if !r.Ready {
			return r.Container
		}
	}
	if len(started) > 0 {
		return started[0].Name
	}
	return ""
}

func describe(r routing.ReplicaStatus) string {
	if !r.Running {
		return fmt.Sprintf("container %s exited", r.Container)
	}
	return fmt.Sprintf("container %s is unhealthy by its HEALTHCHECK", r.Container)
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return "  " + strings.Join(lines, "\n  ")
}

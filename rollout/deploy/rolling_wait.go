package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// waitReplicasReady waits until every container of cs is ready and up in
// HAProxy; when promoteID is set, it promotes that deployment once they are
// all ready (held replicas never get up in HAProxy before). It fails early
// when one exits after running or stays unhealthy by its HEALTHCHECK past
// UnhealthyGrace, or when the sidecar cannot route it.
func (d *Deployer) waitReplicasReady(ctx context.Context, app string, cs []engine.Container, timeout time.Duration, promoteID string) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	since, seenRunning := time.Now(), map[string]bool{}
	var last wire.Status
	err := d.follow(ctx, func(st wire.Status) (bool, error) {
		last = st
		if promoteID != "" && namedReady(st.App(app), cs) {
			if err := d.promote(ctx, app, promoteID); err != nil {
				return true, err
			}
			promoteID = ""
		}
		return d.checkReplicas(ctx, st, app, cs, seenRunning, time.Since(since) > UnhealthyGrace)
	})
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("waiting for the new replicas: %w", context.Canceled)
	}
	if err != nil && ctx.Err() != nil {
		return d.unhealthy(context.WithoutCancel(ctx), firstNotReady(last, app, cs), fmt.Sprintf("not ready after %s", timeout))
	}
	return err
}

// checkReplicas reports whether every container of cs serves, or an error
// when one failed.
func (d *Deployer) checkReplicas(ctx context.Context, st wire.Status, app string, cs []engine.Container, seenRunning map[string]bool, pastGrace bool) (bool, error) {
	if p := problemOf(st, cs); p != nil {
		return false, fmt.Errorf("%w: the sidecar cannot route it: %s", ErrUnroutable, p)
	}
	all := true
	for _, c := range cs {
		r := replicaNamed(st.App(app), c.Name)
		switch {
		case r == nil:
			all = false
		case r.Running && r.Ready && r.InHAProxy == "up":
			seenRunning[c.Name] = true
		case !r.Running && (seenRunning[c.Name] || pastGrace):
			return false, d.unhealthy(ctx, c.Name, describe(*r))
		case r.Health == routing.HealthUnhealthy && pastGrace:
			return false, d.unhealthy(ctx, c.Name, describe(*r))
		default:
			seenRunning[c.Name] = seenRunning[c.Name] || r.Running
			all = false
		}
	}
	return all, nil
}

// waitReplaced waits until the named containers take no new requests and
// hold no sessions in HAProxy (or are gone), or until timeout: then what is
// still in flight gets the stop grace period.
func (d *Deployer) waitReplaced(ctx context.Context, app string, names []string, timeout time.Duration) {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := d.follow(waitCtx, func(st wire.Status) (bool, error) {
		return drained(st.App(app), names), nil
	})
	if err != nil && ctx.Err() == nil {
		d.step("drain timeout (%s) reached for %v; stopping them", timeout, names)
	}
}

// drained reports whether none of the named replicas takes requests.
func drained(a *routing.AppStatus, names []string) bool {
	for _, n := range names {
		r := replicaNamed(a, n)
		if r != nil && r.Running && (!r.Replaced || r.InHAProxy == "up" || r.Sessions > 0) {
			return false
		}
	}
	return true
}

// replicaNamed finds a replica of any deployment of a by container name.
func replicaNamed(a *routing.AppStatus, name string) *routing.ReplicaStatus {
	if a == nil {
		return nil
	}
	for _, dep := range a.Deployments {
		for i := range dep.Replicas {
			if dep.Replicas[i].Container == name {
				return &dep.Replicas[i]
			}
		}
	}
	return nil
}

// namedReady reports whether every container of cs runs and is ready.
func namedReady(a *routing.AppStatus, cs []engine.Container) bool {
	for _, c := range cs {
		if r := replicaNamed(a, c.Name); r == nil || !r.Running || !r.Ready {
			return false
		}
	}
	return true
}

// firstNotReady names the first container of cs that does not serve.
func firstNotReady(st wire.Status, app string, cs []engine.Container) string {
	for _, c := range cs {
		if r := replicaNamed(st.App(app), c.Name); r == nil || !r.Ready {
			return c.Name
		}
	}
	return ""
}

package deploy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/haloydev/haloy/cli-plugin/engine"
	"github.com/haloydev/haloy/sidecar/reconcile"
	"github.com/haloydev/haloy/sidecar/routing"
)

// PollInterval is how often the sidecar's status is read while waiting.
const PollInterval = 100 * time.Millisecond

// logLines is how many log lines of a failing container are reported.
const logLines = 20

// Sidecar reports the sidecar's view of the routing.
type Sidecar interface {
	Status(ctx context.Context) (reconcile.Status, error)
}

// waitServing waits until the sidecar serves deployment id of app. It fails
// early when a new replica exits or turns unhealthy.
func (d *Deployer) waitServing(ctx context.Context, app, id string, started []engine.Container, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last reconcile.Status
	for {
		st, err := d.Sidecar.Status(ctx)
		if err == nil {
			last = st
			a := findApp(st, app)
			if a != nil && a.Serving == id && st.LastError == "" {
				return nil
			}
			if bad := failedReplica(a, id); bad != nil {
				return d.unhealthy(ctx, bad.Container, describe(*bad))
			}
			if p := problemOf(st, started); p != nil {
				return fmt.Errorf("%w: the sidecar cannot route it: %s", ErrUnroutable, p)
			}
		}
		select {
		case <-ctx.Done():
			return d.unhealthy(context.WithoutCancel(ctx), notReady(findApp(last, app), id, started), fmt.Sprintf("not ready after %s", timeout))
		case <-time.After(PollInterval):
		}
	}
}

// waitDrained waits until the sidecar has stopped sending new requests to
// every deployment of app but id.
func (d *Deployer) waitDrained(ctx context.Context, app, id string) error {
	for {
		st, err := d.Sidecar.Status(ctx)
		if err != nil {
			return err
		}
		if drained(findApp(st, app), id) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(PollInterval):
		}
	}
}

func drained(a *routing.AppStatus, id string) bool {
	if a == nil {
		return true
	}
	for _, dep := range a.Deployments {
		if dep.ID != id && dep.State == routing.StateServing {
			return false
		}
	}
	return true
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
func problemOf(st reconcile.Status, started []engine.Container) *routing.Problem {
	for _, p := range st.Problems {
		for _, c := range started {
			if p.Container == c.Name {
				return &p
			}
		}
	}
	return nil
}

func findApp(st reconcile.Status, app string) *routing.AppStatus {
	for i := range st.Apps {
		if st.Apps[i].Name == app {
			return &st.Apps[i]
		}
	}
	return nil
}

func replicasOf(a *routing.AppStatus, id string) []routing.ReplicaStatus {
	if a == nil {
		return nil
	}
	for _, dep := range a.Deployments {
		if dep.ID == id {
			return dep.Replicas
		}
	}
	return nil
}

// failedReplica returns a replica of deployment id that stopped or turned
// unhealthy, if any.
func failedReplica(a *routing.AppStatus, id string) *routing.ReplicaStatus {
	for _, r := range replicasOf(a, id) {
		if !r.Running || r.Health == routing.HealthUnhealthy {
			return &r
		}
	}
	return nil
}

func notReady(a *routing.AppStatus, id string, started []engine.Container) string {
	for _, r := range replicasOf(a, id) {
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

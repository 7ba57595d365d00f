package api

import (
	"context"
	"io"
	"time"

	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// StatusFunc serves the sidecar's status in process, as deploy.Sidecar.
type StatusFunc func() reconcile.Status

// Status returns the status.
func (f StatusFunc) Status(context.Context) (reconcile.Status, error) {
	return f(), nil
}

// Local is the sidecar's Backend: the CLI's Deployer on the local engine,
// with status and history served in process.
type Local struct {
	// Engine is the local Docker Engine.
	Engine *engine.Engine
	// Live is the sidecar's live status.
	Live StatusFunc
	// Store is the sidecar's deployment history.
	Store LocalHistory
	// Members registers and promotes the API's deployments (nil: none).
	Members deploy.Registry
	// SidecarContainer names the sidecar's own container (its image makes
	// the deploy locks, as for the CLI).
	SidecarContainer string
}

var _ Backend = (*Local)(nil)

// deployer is a Deployer writing progress to w; one per operation, so
// concurrent operations keep their progress apart.
func (l *Local) deployer(w io.Writer) *deploy.Deployer {
	return &deploy.Deployer{
		Engine:           l.Engine,
		Sidecar:          l.Live,
		History:          l.Store,
		Registry:         l.Members,
		SidecarContainer: l.SidecarContainer,
		Progress:         w,
	}
}

// Deploy runs the CLI's deploy of req.App.
func (l *Local) Deploy(ctx context.Context, req DeployRequest, progress io.Writer) (string, error) {
	return l.deployer(progress).Deploy(ctx, deploy.Request{App: req.App, Env: req.Env, ReadyTimeout: time.Duration(req.Timeout), ID: req.DeploymentID})
}

// Rollback deploys a history entry again, as `docker haloy rollback APP`
// does: the sidecar runs no hooks (see hooks.Set), and the snapshot keeps
// them for later rollbacks.
func (l *Local) Rollback(ctx context.Context, app, id string, env map[string]string, timeout time.Duration, progress io.Writer) (string, error) {
	d := l.deployer(progress)
	entry, err := d.History.Get(ctx, app, id)
	if err != nil {
		return "", err
	}
	a := entry.Snapshot.App
	d.Progress.Write([]byte("rolling " + app + " back to deployment " + id + " (" + entry.Snapshot.Image + ")\n"))
	return d.Deploy(ctx, deploy.Request{App: a, Env: env, ReadyTimeout: timeout})
}

// Status returns the sidecar's live status.
func (l *Local) Status(ctx context.Context) (reconcile.Status, error) {
	return l.Live.Status(ctx)
}

// History lists app's deployments, newest first.
func (l *Local) History(ctx context.Context, app string) ([]deploy.HistoryEntry, error) {
	return l.Store.List(ctx, app)
}

// Stop drains, stops and removes every container of app, as `docker
// haloy stop` does, and forgets its registrations.
func (l *Local) Stop(ctx context.Context, app string) (int, error) {
	return l.deployer(io.Discard).Stop(ctx, app)
}

package api

import (
	"context"
	"io"
	"time"

	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// Backend does the work behind the API. Local is the sidecar's; tests use
// their own.
type Backend interface {
	// Status is the reconcile status with HAProxy's live view.
	Status(ctx context.Context) (reconcile.Status, error)
	// History lists app's deployments, newest first.
	History(ctx context.Context, app string) ([]deploy.HistoryEntry, error)
	// Deploy rolls app over to a new deployment and returns its id.
	Deploy(ctx context.Context, req DeployRequest, progress io.Writer) (string, error)
	// Rollback deploys history entry id of app again and returns the new
	// deployment's id. env holds the snapshot's resolved secret values.
	Rollback(ctx context.Context, app, id string, env map[string]string, timeout time.Duration, progress io.Writer) (string, error)
	// Stop stops and removes app's containers and returns how many.
	Stop(ctx context.Context, app string) (int, error)
}

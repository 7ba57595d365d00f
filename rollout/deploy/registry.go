package deploy

import (
	"context"
	"errors"
	"fmt"

	"github.com/haloydev/haloy/rollout/engine"
)

// Registry records deployments with the sidecar, which routes a deployed
// app's containers only when they were registered and promoted (labels
// alone are not trusted: anyone can copy an app's name).
type Registry interface {
	// Register records the containers of deployment id of app before they
	// start; promote routes them as soon as they are ready.
	Register(ctx context.Context, app, id string, containers []string, promote bool) error
	// Promote routes a registered deployment.
	Promote(ctx context.Context, app, id string) error
	// Retire takes every container of app out of routing: they drain.
	Retire(ctx context.Context, app string) error
	// Forget drops the app's registrations and Compose binding.
	Forget(ctx context.Context, app string) error
	// HandOver records drained containers of app for the sidecar to stop
	// and remove: they are never routed again, and the record survives a
	// sidecar restart.
	HandOver(ctx context.Context, app string, containers []string) error
}

// ReadyPromoter is a Registry that can leave a promotion to the sidecar:
// it routes the deployment in the pass that first sees every replica
// ready, without a round trip through the deploy, and drops the request
// if the deploy goes away first.
type ReadyPromoter interface {
	// PromoteWhenReady blocks until the sidecar promoted deployment id of
	// app; ErrNotHeld means it cannot hold the promotion.
	PromoteWhenReady(ctx context.Context, app, id string) error
}

// ErrNotHeld means the sidecar cannot hold a promotion for this deploy
// (its commands do not go over a session): the deploy promotes itself.
var ErrNotHeld = errors.New("the sidecar holds promotions only for a session")

// Members is the sidecar's membership state, reached with docker exec
// (`haloy-sidecar membership ...`).
type Members struct {
	// Exec runs commands in the sidecar container.
	Exec Execer
	// Container and Binary name the sidecar container and its binary.
	Container, Binary string
	// InSession is true when Exec is a session (`haloy-sidecar session`),
	// which ends with the deploy: only then may the sidecar hold a
	// promotion (PromoteWhenReady).
	InSession bool
}

var (
	_ Registry      = Members{}
	_ ReadyPromoter = Members{}
)

// PromoteWhenReady has the sidecar promote deployment id of app as soon
// as every replica of it is ready, and blocks until it did.
func (m Members) PromoteWhenReady(ctx context.Context, app, id string) error {
	if !m.InSession {
		return ErrNotHeld
	}
	return m.run(ctx, "promote", app, id, "--when-ready")
}

// Register records the containers of deployment id of app.
func (m Members) Register(ctx context.Context, app, id string, containers []string, promote bool) error {
	args := []string{"register", app, id}
	if promote {
		args = append(args, "--promote")
	}
	return m.run(ctx, append(args, containers...)...)
}

// Promote routes a registered deployment.
func (m Members) Promote(ctx context.Context, app, id string) error {
	return m.run(ctx, "promote", app, id)
}

// Retire takes every container of app out of routing.
func (m Members) Retire(ctx context.Context, app string) error {
	return m.run(ctx, "retire", app)
}

// Forget drops the app's registrations and Compose binding.
func (m Members) Forget(ctx context.Context, app string) error {
	return m.run(ctx, "forget", app)
}

// HandOver records drained containers for the sidecar to stop and remove.
func (m Members) HandOver(ctx context.Context, app string, containers []string) error {
	return m.run(ctx, append([]string{"retiring", app}, containers...)...)
}

func (m Members) run(ctx context.Context, args ...string) error {
	if _, err := m.Exec.Exec(ctx, m.Container, append([]string{m.Binary, "membership"}, args...)); err != nil {
		return fmt.Errorf("sidecar membership %s: %w", args[0], err)
	}
	return nil
}

// register records the created containers with the sidecar (when the
// Deployer has a Registry) before they start.
func (d *Deployer) register(ctx context.Context, app, id string, cs []engine.Container, promote bool) error {
	if d.Registry == nil {
		return nil
	}
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return d.Registry.Register(ctx, app, id, ids, promote)
}

// promote asks the sidecar to route deployment id of app.
func (d *Deployer) promote(ctx context.Context, app, id string) error {
	if d.Registry == nil {
		return nil
	}
	d.step("replicas of %s are healthy; promoting it", id)
	return d.Registry.Promote(ctx, app, id)
}

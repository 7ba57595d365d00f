package deploy

import (
	"context"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/routing"
)

// lock takes the app's engine-wide deploy lock, which counts as stale
// after ttl (see Request.lockTTL).
func (d *Deployer) lock(ctx context.Context, app string, ttl time.Duration) (func(), error) {
	image, err := d.Engine.ImageOf(ctx, d.SidecarContainer)
	if err != nil {
		return nil, err
	}
	return d.Engine.Lock(ctx, "haloy-deploy-lock-"+app, image, ttl)
}

// leftovers is the background sweep of the containers an interrupted
// deploy left behind.
type leftovers struct {
	done chan struct{}
	kept []engine.Container
	err  error
}

// sweepLeftovers removes, in the background, those of the app's containers
// all that belong to deployments which never took traffic (a deploy
// interrupted before it finished). Asking the sidecar takes an exec, so
// the new replicas are created and started meanwhile; wait returns the
// app's other containers.
func (d *Deployer) sweepLeftovers(ctx context.Context, app string, all []engine.Container) *leftovers {
	l := &leftovers{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.kept, l.err = d.removeLeftovers(ctx, app, all)
	}()
	return l
}

// wait returns the app's containers that were not left behind, once the
// sweep has ended.
func (l *leftovers) wait() ([]engine.Container, error) {
	<-l.done
	return l.kept, l.err
}

// removeLeftovers removes those of all whose deployment the sidecar
// reports as never having served (see isLeftover), and returns the others.
func (d *Deployer) removeLeftovers(ctx context.Context, app string, all []engine.Container) ([]engine.Container, error) {
	st, err := d.Sidecar.Status(ctx)
	if err != nil {
		return nil, err
	}
	leftover := map[string]bool{}
	if a := st.App(app); a != nil {
		for _, dep := range a.Deployments {
			if isLeftover(dep, a.Serving, d.Registry != nil) {
				leftover[dep.ID] = true
			}
		}
	}
	var kept, removed []engine.Container
	for _, c := range all {
		if leftover[c.Labels[labels.DeploymentID]] {
			removed = append(removed, c)
		} else {
			kept = append(kept, c)
		}
	}
	if len(removed) > 0 {
		d.step("removing %d container(s) left by an interrupted deploy", len(removed))
		d.removeAll(ctx, removed)
	}
	return kept, nil
}

// isLeftover reports whether dep is what an interrupted deploy left: it
// never served and does not serve now. With registration, only a held
// deployment (never promoted) counts: a promoted one may start serving
// any moment, so it is retired like the serving one instead.
func isLeftover(dep routing.DeploymentStatus, serving string, registered bool) bool {
	if dep.State != routing.StateStarting || dep.ID == serving {
		return false
	}
	return dep.Held || !registered
}

// recordAsync records the deployment while the caller retires the old
// replicas; the returned func waits until it is recorded.
func (d *Deployer) recordAsync(ctx context.Context, app config.App, id, imageID string) func() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		recording := time.Now()
		d.record(context.WithoutCancel(ctx), app, id, imageID)
		d.Timings.since(StepRecord, recording)
	}()
	return func() { <-done }
}

// record stores the deployment's snapshot and prunes the app's history to
// deploymentsToKeep, removing the pruned deployments' image tags. Failures
// here do not undo a serving deployment; they are reported as warnings.
func (d *Deployer) record(ctx context.Context, app config.App, id, imageID string) {
	snap := Snapshot{App: app, Image: app.Source.Image.Repository + ":" + id, ImageID: imageID}
	snap.App.Source.Image.Tag = id
	removed, err := d.saveAndPrune(ctx, app, id, snap)
	if err != nil {
		d.step("warning: %v", err)
		return
	}
	for _, old := range removed {
		if err := d.Engine.Untag(ctx, app.Source.Image.Repository+":"+old); err != nil {
			d.step("warning: %v", err)
		}
	}
}

// saveAndPrune saves the snapshot and prunes the app's history, in one
// step when the store can (a sidecar older than the deploy cannot: then in
// two).
func (d *Deployer) saveAndPrune(ctx context.Context, app config.App, id string, snap Snapshot) ([]string, error) {
	if sp, ok := d.History.(SavePruner); ok {
		if removed, err := sp.SaveAndPrune(ctx, app.Name, id, snap, app.DeploymentsToKeep); err == nil {
			return removed, nil
		}
	}
	if err := d.History.Save(ctx, app.Name, id, snap); err != nil {
		return nil, err
	}
	return d.History.Prune(ctx, app.Name, app.DeploymentsToKeep, id)
}

// release runs unlock, recording how long releasing the deploy lock took.
func (d *Deployer) release(unlock func()) {
	releasing := time.Now()
	unlock()
	d.Timings.since(StepUnlock, releasing)
}

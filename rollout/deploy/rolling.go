package deploy

import (
	"context"
	"maps"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/project"
)

// rollout is a batched rolling update in progress (update.parallelism > 0):
// what it started and stopped so far, so that a failure can be undone.
type rollout struct {
	d        *Deployer
	req      Request
	id       string
	order    string
	p        *types.Project
	svc      types.ServiceConfig
	old      map[string]engine.Container // the earlier deployments' containers by name
	started  []engine.Container          // new replicas created so far
	stopped  []engine.Container          // old replicas stopped so far, kept for a rollback
	promoted bool                        // the deployment was promoted (after its first batch was ready)
}

// rollBatches replaces the app's running replicas parallelism at a time.
// New replicas carry labels.Rollout and labels.Replaces, so the sidecar
// serves both versions meanwhile and drains each replaced container once
// its replacement is ready (start-first) or exists (stop-first). The old
// containers are removed only when every batch succeeded.
func (d *Deployer) rollBatches(ctx context.Context, req Request, id, imageID string, existing []engine.Container) error {
	p, svc, err := newService(req, id, imageID)
	if err != nil {
		return err
	}
	u := req.update()
	r := &rollout{d: d, req: req, id: id, order: u.Order, p: p, svc: svc, old: map[string]engine.Container{}}
	for _, c := range existing {
		r.old[c.Name] = c
	}
	batches := PlanBatches(req.App.Replicas, u.Parallelism, runningNames(existing))
	for i, b := range batches {
		d.step("batch %d of %d: %s (new replica number <- the containers it replaces)", i+1, len(batches), b)
		if err := r.run(ctx, b); err != nil {
			return r.fail(ctx, err, u.FailureAction)
		}
	}
	recorded := d.recordAsync(ctx, req.App, id, imageID)
	d.removeAll(ctx, existing)
	recorded()
	d.step("deployment %s is serving; removed %d container(s) of earlier deployments", id, len(existing))
	return nil
}

// run carries out one batch in the update's order.
func (r *rollout) run(ctx context.Context, b Batch) error {
	news, err := r.create(ctx, b)
	if err != nil {
		return err
	}
	if r.order == config.OrderStopFirst {
		if err := r.retire(ctx, b.replaced()); err != nil {
			return err
		}
	}
	if err := r.d.startAll(ctx, news); err != nil {
		return err
	}
	promote := r.id
	if r.promoted {
		promote = ""
	}
	if err := r.d.waitReplicasReady(ctx, r.req.App.Name, news, r.req.readyTimeout(), promote); err != nil {
		return err
	}
	r.promoted = true
	if r.order == config.OrderStartFirst {
		return r.retire(ctx, b.replaced())
	}
	return nil
}

// create creates the batch's new replicas, each labelled with what it replaces.
func (r *rollout) create(ctx context.Context, b Batch) ([]engine.Container, error) {
	specs := make([]replicaSpec, 0, len(b))
	for _, rep := range b {
		svc := r.svc
		svc.Labels = maps.Clone(r.svc.Labels)
		svc.Labels[labels.Rollout] = r.order
		if len(rep.Replaces) > 0 {
			svc.Labels[labels.Replaces] = strings.Join(rep.Replaces, ",")
		}
		specs = append(specs, replicaSpec{rep.Number, svc})
	}
	out, err := r.d.createAll(ctx, r.p, r.req.App.Name, r.id, specs)
	r.started = append(r.started, out...)
	if err != nil {
		return out, err
	}
	// The first batch is held until it is ready and promoted; later batches
	// join the promoted deployment and route once ready.
	return out, r.d.register(ctx, r.req.App.Name, r.id, out, false)
}

// retire waits until the named old containers are drained, then stops
// them, keeping them for a rollback.
func (r *rollout) retire(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	r.d.waitReplaced(ctx, r.req.App.Name, names, r.req.drainTimeout())
	for _, n := range names {
		c := r.old[n]
		if err := r.d.Engine.Stop(ctx, c.ID); err != nil {
			return err
		}
		r.stopped = append(r.stopped, c)
	}
	return nil
}

// newService is the app's Compose service for deployment id, with the
// image id Compose would record.
func newService(req Request, id, imageID string) (*types.Project, types.ServiceConfig, error) {
	p, err := project.FromApp(req.App, project.Options{DeploymentID: id, ConfigFile: req.ConfigFile, Env: req.Env})
	if err != nil {
		return nil, types.ServiceConfig{}, err
	}
	svc := p.Services[req.App.Name]
	svc.CustomLabels = maps.Clone(svc.CustomLabels)
	if svc.CustomLabels == nil {
		svc.CustomLabels = map[string]string{}
	}
	svc.CustomLabels[project.ImageLabel] = imageID
	return p, svc, nil
}

// runningNames are the names of the running containers, sorted.
func runningNames(cs []engine.Container) []string {
	var out []string
	for _, c := range cs {
		if c.State == "running" {
			out = append(out, c.Name)
		}
	}
	return out
}

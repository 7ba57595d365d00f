package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/hooks"
)

// DefaultReadyTimeout bounds the wait for a new deployment to take traffic
// when neither the request nor the app's healthTimeout says otherwise.
const DefaultReadyTimeout = config.DefaultHealthTimeout

// DefaultDrainTimeout bounds the wait for replaced replicas' in-flight
// requests before they are stopped, unless the app's drainTimeout is set.
const DefaultDrainTimeout = config.DefaultDrainTimeout

// ErrUnhealthy means the new deployment did not become ready; it was
// removed and the previous deployment kept serving.
var ErrUnhealthy = errors.New("new deployment did not become healthy")

// ErrUnroutable means the sidecar reported a problem with the new
// containers' labels or domains; they were removed.
var ErrUnroutable = errors.New("new deployment cannot be routed")

// Request is one deploy of one app.
type Request struct {
	// App is the app configuration, with defaults applied.
	App config.App
	// ConfigFile is the haloy.yaml it came from (Compose's config_files).
	ConfigFile string
	// Hooks are the app's hooks as the caller's road runs them (see
	// hooks.Set for the policy); nil runs none. The rollout runs them with
	// the new deployment's id: preDeploy before anything starts,
	// postDeploy once it serves.
	Hooks *hooks.Set
	// ID, when set, is the deployment id to use (a remote client ran its
	// preDeploy hooks with it); it is refused unless it is newer than
	// every deployment of the app and not in the future.
	ID string
	// Env holds resolved values of secret environment variables by name.
	Env map[string]string
	// ReadyTimeout, when set, overrides the app's healthTimeout: it bounds
	// the wait for the new deployment, or for each batch of a rolling update.
	ReadyTimeout time.Duration
	// DrainTimeout, when set, overrides the app's drainTimeout: it bounds
	// the wait for replaced replicas' in-flight requests.
	DrainTimeout time.Duration
}

// Deployer runs deploys against one engine and its sidecar.
type Deployer struct {
	// Engine is the Docker Engine behind the current context.
	Engine Engine
	// Sidecar reports which deployment of an app serves.
	Sidecar Sidecar
	// History keeps deployment snapshots with the engine.
	History HistoryStore
	// Registry registers and promotes deployments with the sidecar; nil
	// skips both (a sidecar that routes on labels alone).
	Registry Registry
	// SidecarContainer names the sidecar container; its image is used for
	// the deploy lock, since it is always present on the engine.
	SidecarContainer string
	// Progress receives one line per step, for humans.
	Progress io.Writer
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Timings, when set, records how long each step took.
	Timings *Timings
}

// Deploy starts a new deployment of the app beside the current one and
// makes it the serving one, returning its id. Only one deploy of an app
// runs at a time; leftovers of an interrupted deploy are removed while the
// new replicas start.
func (d *Deployer) Deploy(ctx context.Context, req Request) (string, error) {
	app := req.App
	timeout := req.readyTimeout()
	locking := time.Now()
	unlock, err := d.lock(ctx, app.Name, req.lockTTL())
	d.Timings.since(StepLock, locking)
	if err != nil {
		return "", err
	}
	defer d.release(unlock)
	preparing := time.Now()
	all, err := d.Engine.ListByLabel(ctx, labels.AppName, app.Name)
	if err != nil {
		return "", err
	}
	id, err := pickID(req.ID, d.now(), deploymentIDs(all))
	if err != nil {
		return "", err
	}
	env := hooks.Env{App: app.Name, DeploymentID: id, Image: app.Source.Image.Ref()}
	if err := req.Hooks.RunPre(ctx, env); err != nil {
		return "", err
	}
	imageID, err := d.Engine.Image(ctx, app.Source.Image.Ref())
	if err != nil {
		return "", fmt.Errorf("%w; nothing was started, the serving deployment is unchanged", err)
	}
	d.Timings.since(StepPrepare, preparing)
	d.step("deployment %s of %s (%s, %d replica(s))", id, app.Name, app.Source.Image.Ref(), app.Replicas)
	sweep := d.sweepLeftovers(ctx, app.Name, all)
	defer sweep.wait() // before unlocking
	if err := d.rollOut(ctx, req, id, imageID, sweep, timeout); err != nil {
		return "", err
	}
	if err := req.Hooks.RunPost(ctx, env); err != nil {
		return id, fmt.Errorf("deployment %s is serving, but %w", id, err)
	}
	return id, nil
}

// rollOut tags the image, starts the new replicas, waits until they serve
// and retires the old ones (those the sweep kept), recording the
// deployment in the history meanwhile. On failure the new replicas are
// removed.
func (d *Deployer) rollOut(ctx context.Context, req Request, id, imageID string, sweep *leftovers, timeout time.Duration) error {
	app := req.App
	tagging := time.Now()
	if err := d.Engine.Tag(ctx, app.Source.Image.Ref(), app.Source.Image.Repository+":"+id); err != nil {
		return err
	}
	d.Timings.since(StepTag, tagging)
	if req.update().Batched() {
		existing, err := sweep.wait()
		if err != nil {
			return err
		}
		return d.rollBatches(ctx, req, id, imageID, existing)
	}
	started, err := d.startReplicas(ctx, req, id, imageID)
	if err != nil {
		d.removeAll(context.WithoutCancel(ctx), started)
		return err
	}
	existing, err := sweep.wait()
	if err != nil {
		d.removeAll(context.WithoutCancel(ctx), started)
		return err
	}
	return d.takeOver(ctx, req, id, imageID, started, existing, timeout)
}

// takeOver waits until the started replicas of deployment id serve, then
// records the deployment and retires the existing containers. If they
// never serve they are removed and the existing ones keep serving.
func (d *Deployer) takeOver(ctx context.Context, req Request, id, imageID string, started, existing []engine.Container, timeout time.Duration) error {
	app := req.App
	if err := d.waitServing(ctx, app.Name, id, started, timeout); err != nil {
		d.step("removing the failed deployment %s; the previous one keeps serving", id)
		d.removeAll(context.WithoutCancel(ctx), started)
		return err
	}
	d.step("deployment %s is serving", id)
	recorded := d.recordAsync(ctx, app, id, imageID)
	defer recorded()
	return d.retire(ctx, app.Name, id, existing, req.drainTimeout())
}

// startReplicas creates every replica first and only then starts them, so
// the sidecar never sees a partial deployment as complete.
func (d *Deployer) startReplicas(ctx context.Context, req Request, id, imageID string) ([]engine.Container, error) {
	svc, err := newService(req, id, imageID)
	if err != nil {
		return nil, err
	}
	specs := make([]replicaSpec, 0, req.App.Replicas)
	for n := 1; n <= req.App.Replicas; n++ {
		specs = append(specs, replicaSpec{n, svc})
	}
	creating := time.Now()
	created, err := d.createAll(ctx, req.App.Name, id, specs)
	if err != nil {
		return created, err
	}
	if err := d.register(ctx, req.App.Name, id, created, false); err != nil {
		return created, err
	}
	d.Timings.since(StepCreate, creating)
	starting := time.Now()
	if err := d.startAll(ctx, created); err != nil {
		return created, err
	}
	d.Timings.since(StepStart, starting)
	d.step("started %d replica(s), waiting until they are healthy", len(created))
	return created, nil
}

// retire waits until the older deployments are drained, then hands their
// containers over to the sidecar, which stops and removes them after the
// deploy returned (see handOver); without a Registry, or when the hand-over
// fails, the deploy stops and removes them itself.
func (d *Deployer) retire(ctx context.Context, app, id string, old []engine.Container, drain time.Duration) error {
	if len(old) == 0 {
		return nil
	}
	draining := time.Now()
	if err := d.waitDrained(ctx, app, id, drain); err != nil {
		return err
	}
	d.Timings.since(StepDrain, draining)
	if d.handOver(ctx, app, old) {
		return nil
	}
	removing := time.Now()
	d.removeAll(ctx, old)
	d.Timings.since(StepRemove, removing)
	d.step("drained and removed %d container(s) of earlier deployments", len(old))
	return nil
}

// handOver records the drained containers old for the sidecar to stop and
// remove, and reports whether it did. Containers an earlier deploy handed
// over are among old until they are gone: recording them again changes
// nothing, so a deploy right after a deploy takes over their retirement.
func (d *Deployer) handOver(ctx context.Context, app string, old []engine.Container) bool {
	if d.Registry == nil {
		return false
	}
	ids := make([]string, 0, len(old))
	for _, c := range old {
		ids = append(ids, c.ID)
	}
	start := time.Now()
	if err := d.Registry.HandOver(ctx, app, ids); err != nil {
		d.step("warning: %v; stopping the old replicas here", err)
		return false
	}
	d.Timings.since(StepHandOver, start)
	d.step("drained %d container(s) of earlier deployments; the sidecar stops and removes them", len(old))
	return true
}

// removeAll stops and removes containers, all at once.
func (d *Deployer) removeAll(ctx context.Context, cs []engine.Container) {
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Engine.Remove(ctx, c.ID); err != nil {
				d.step("warning: %v", err)
			}
		}()
	}
	wg.Wait()
}

func (d *Deployer) step(format string, args ...any) {
	fmt.Fprintf(d.out(), format+"\n", args...)
}

func (d *Deployer) out() io.Writer {
	if d.Progress == nil {
		return io.Discard
	}
	return d.Progress
}

func (d *Deployer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func deploymentIDs(cs []engine.Container) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Labels[labels.DeploymentID])
	}
	return out
}

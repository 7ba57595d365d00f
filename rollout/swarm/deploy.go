package swarm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/hooks"
)

// Request is one deploy of one app on the cluster.
type Request struct {
	// App is the app configuration, with defaults applied.
	App config.App
	// Image, when set, is the image reference to run instead of the app's
	// source.image (a rollback runs the digest its deployment ran).
	Image string
	// ConfigFile is the haloy.yaml it came from (resolves relative binds).
	ConfigFile string
	// Env holds resolved values of secret environment variables by name.
	Env map[string]string
	// Hooks are run with the new deployment's id, as on one host.
	Hooks *hooks.Set
	// ReadyTimeout and DrainTimeout override the app's healthTimeout and
	// drainTimeout when set.
	ReadyTimeout, DrainTimeout time.Duration
}

func (r Request) readyTimeout() time.Duration {
	return first(r.ReadyTimeout, r.App.HealthTimeout.D(), config.DefaultHealthTimeout)
}

func (r Request) drainTimeout() time.Duration {
	return first(r.DrainTimeout, r.App.DrainTimeout.D(), config.DefaultDrainTimeout)
}

func (r Request) image() string {
	if r.Image != "" {
		return r.Image
	}
	return r.App.Source.Image.Ref()
}

// Deployer runs deploys against a Swarm manager and the sidecar on it.
type Deployer struct {
	// Cluster is the manager's service and task API.
	Cluster Cluster
	// Configs holds the deploy lock.
	Configs Configs
	// Sidecar reports which deployment of an app serves.
	Sidecar deploy.Sidecar
	// History keeps deployment snapshots with the cluster.
	History deploy.HistoryStore
	// Registry registers tasks and promotes deployments with the sidecar.
	Registry Registry
	// Progress receives one line per step, for humans.
	Progress io.Writer
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Poll is how often tasks and the sidecar's status are read (default 200 ms).
	Poll time.Duration
	// StatusPoll, when set, is how often the sidecar's status is read
	// instead: shorter when reading it is cheap (a session's newest line).
	StatusPoll time.Duration
	// Timings, when set, records how long each step took (see steps.go).
	Timings *deploy.Timings
}

// Deploy creates the app's new deployment as its own service beside the
// current ones, moves traffic to it once the sidecar reports every
// replica ready, drains the older deployments and removes their services.
// It returns the new deployment's id.
func (d *Deployer) Deploy(ctx context.Context, req Request) (string, error) {
	app := req.App
	if err := checkUpdate(app); err != nil {
		return "", err
	}
	start := time.Now()
	unlock, err := lock(ctx, d.Configs, app.Name, 2*(req.readyTimeout()+req.drainTimeout()), d.now())
	if err != nil {
		return "", err
	}
	defer unlock()
	d.Timings.Since(deploy.StepLock, start)
	old, err := d.Cluster.Services(ctx, app.Name)
	if err != nil {
		return "", err
	}
	id := deploy.NewID(d.now(), deploymentIDs(old))
	env := hooks.Env{App: app.Name, DeploymentID: id, Image: req.image()}
	if err := req.Hooks.RunPre(ctx, env); err != nil {
		return "", err
	}
	image := d.resolve(ctx, req.image())
	health := d.Cluster.StartHealth(ctx, image)
	spec, err := Spec(app, SpecOptions{DeploymentID: id, Image: image, ConfigFile: req.ConfigFile, Env: req.Env, Healthcheck: health})
	if err != nil {
		return "", err
	}
	d.step("deployment %s of %s (%s, %d replica(s)) as service %s", id, app.Name, image, max(app.Replicas, 1), spec.Name)
	if health != nil {
		d.step("its tasks are health-checked every %s while they start (start period %s)", health.StartInterval, health.StartPeriod)
	}
	svc, err := d.create(ctx, app.Name, id, spec)
	if err != nil {
		return "", err
	}
	if err := d.takeOver(ctx, req, id, svc, old); err != nil {
		return "", err
	}
	if err := req.Hooks.RunPost(ctx, env); err != nil {
		return id, fmt.Errorf("deployment %s is serving, but %w", id, err)
	}
	return id, nil
}

// resolve pins image to its registry digest; when the registry cannot
// tell, the manager is left to try it again as it creates the service.
func (d *Deployer) resolve(ctx context.Context, image string) string {
	start := time.Now()
	defer d.Timings.Since(StepDigest, start)
	pinned, err := d.Cluster.Resolve(ctx, image)
	if err != nil {
		d.step("warning: %v; creating the service with %s", err, image)
		return image
	}
	return pinned
}

// create registers the new service with the sidecar and creates it.
func (d *Deployer) create(ctx context.Context, app, id string, spec swarm.ServiceSpec) (Service, error) {
	start := time.Now()
	defer d.Timings.Since(StepCreateService, start)
	if err := d.register(ctx, app, id, spec.Name); err != nil {
		return Service{}, fmt.Errorf("%w; nothing was started, the serving deployment is unchanged", err)
	}
	svc, err := d.Cluster.CreateService(ctx, spec)
	if err != nil {
		if svc.ID != "" {
			d.remove(context.WithoutCancel(ctx), svc)
		}
		return svc, fmt.Errorf("%w; the serving deployment is unchanged", err)
	}
	return svc, nil
}

// register records the service (by name: Swarm makes and replaces its
// tasks, so their ids are not known in advance) as the members of
// deployment id before it exists, so the sidecar holds its tasks until
// the promotion and never refuses one.
func (d *Deployer) register(ctx context.Context, app, id, service string) error {
	if d.Registry == nil {
		return nil
	}
	return d.Registry.Register(ctx, app, id, []string{ServiceMember(service)}, false)
}

// ServiceMember is how a Swarm service is registered with the sidecar's
// membership: every task of it belongs to the deployment.
func ServiceMember(service string) string { return contract.ServiceMemberPrefix + service }

// takeOver waits until the new service's tasks serve, records the
// deployment, drains and removes the old services. If the new tasks never
// serve, the new service is removed.
func (d *Deployer) takeOver(ctx context.Context, req Request, id string, svc Service, old []Service) error {
	app := req.App
	watch := d.watchTasks(ctx, svc)
	defer watch.stop()
	if err := d.waitServing(ctx, app.Name, id, svc, max(app.Replicas, 1), watch, req.readyTimeout()); err != nil {
		d.step("removing the failed deployment %s; the previous one keeps serving", id)
		d.remove(context.WithoutCancel(ctx), svc)
		return err
	}
	d.step("deployment %s is serving", id)
	start := time.Now()
	d.record(ctx, app, id, svc)
	d.Timings.Since(deploy.StepRecord, start)
	if len(old) == 0 {
		return nil
	}
	start = time.Now()
	if err := d.waitDrained(ctx, app.Name, id, req.drainTimeout()); err != nil {
		return err
	}
	d.Timings.Since(deploy.StepDrain, start)
	start = time.Now()
	for _, s := range old {
		d.remove(ctx, s)
	}
	d.Timings.Since(StepRemoveOld, start)
	d.step("drained and removed %d service(s) of earlier deployments", len(old))
	return nil
}

// record saves the deployment in the cluster's history and prunes it to
// deploymentsToKeep; failures are warnings (the deployment serves).
func (d *Deployer) record(ctx context.Context, app config.App, id string, svc Service) {
	if d.History == nil {
		return
	}
	if err := d.History.Save(ctx, app.Name, id, deploy.Snapshot{App: app, Image: svc.Image}); err != nil {
		d.step("warning: %v", err)
		return
	}
	keep := app.DeploymentsToKeep
	if keep <= 0 {
		keep = config.DefaultDeploymentsToKeep
	}
	if removed, err := d.History.Prune(ctx, app.Name, keep, id); err != nil {
		d.step("warning: %v", err)
	} else if len(removed) > 0 {
		d.step("pruned %d deployment(s) from the history", len(removed))
	}
}

func (d *Deployer) remove(ctx context.Context, s Service) {
	if err := d.Cluster.RemoveService(ctx, s.ID); err != nil {
		d.step("warning: %v", err)
	}
}

func (d *Deployer) step(format string, args ...any) {
	if d.Progress != nil {
		fmt.Fprintf(d.Progress, format+"\n", args...)
	}
}

func (d *Deployer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Deployer) poll() time.Duration {
	if d.Poll <= 0 {
		return 200 * time.Millisecond
	}
	return d.Poll
}

func deploymentIDs(ss []Service) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.DeploymentID)
	}
	return out
}

func first(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d > 0 {
			return d
		}
	}
	return 0
}

// errCanceled wraps a canceled wait.
func errCanceled(what string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: %w", what, context.Canceled)
	}
	return err
}

// Registry is the part of the sidecar's membership a Swarm deploy uses
// (deploy.Members is one): it registers a deployment's service, promotes
// it, and retires and forgets an app. Old services are removed by the
// deploy itself, so nothing is handed over.
type Registry interface {
	Register(ctx context.Context, app, id string, containers []string, promote bool) error
	Promote(ctx context.Context, app, id string) error
	Retire(ctx context.Context, app string) error
	Forget(ctx context.Context, app string) error
}

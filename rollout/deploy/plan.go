package deploy

import (
	"context"
	"maps"
	"slices"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/spec"
	"github.com/haloydev/haloy/wire"
)

// Plan is what a deploy of one app would do, as a value: the deployment id
// it would take, the containers it would create (and, for a batched
// update, which old containers each replaces), what they are created with,
// and what it would retire. String renders it for people; its JSON is
// `docker haloy deploy --dry-run --format json`.
type Plan struct {
	// App is the app's name.
	App string `json:"app"`
	// DeploymentID is the id a deploy started now would take.
	DeploymentID string `json:"deploymentId"`
	// Image is the image as haloy.yaml names it; Tag is the reference the
	// deploy gives it (<repository>:<deployment id>).
	Image string `json:"image"`
	Tag   string `json:"tag"`
	// Update is the update strategy, defaults filled in.
	Update PlannedUpdate `json:"update"`
	// ReadyTimeout bounds the wait for the new deployment (or each batch);
	// DrainTimeout for replaced replicas' in-flight requests; StopGrace is
	// each replica's time between SIGTERM and SIGKILL.
	ReadyTimeout wire.Duration `json:"readyTimeout"`
	DrainTimeout wire.Duration `json:"drainTimeout"`
	StopGrace    wire.Duration `json:"stopGrace"`
	// Batches are the steps of the rollout: one holding every new replica,
	// or one per batch of a batched update.
	Batches [][]PlannedReplica `json:"batches"`
	// Retire are the app's existing containers, stopped and removed once
	// the new deployment serves (those an interrupted deploy left are
	// removed at once).
	Retire []string `json:"retire"`
	// Container is what every new replica is created with.
	Container PlannedContainer `json:"container"`
	// PreDeploy and PostDeploy are the app's hooks.
	PreDeploy  []string `json:"preDeploy"`
	PostDeploy []string `json:"postDeploy"`
}

// PlannedUpdate is the update strategy of a plan (see config.Update).
type PlannedUpdate struct {
	// Parallelism is how many replicas are replaced at a time (0: all at once).
	Parallelism int `json:"parallelism"`
	// Order is start-first or stop-first.
	Order string `json:"order"`
	// FailureAction is rollback or pause (batched updates only).
	FailureAction string `json:"failureAction"`
}

// PlannedReplica is one new container of a plan.
type PlannedReplica struct {
	// Name is the container's name.
	Name string `json:"name"`
	// Replaces names the old containers it takes over from (batched updates).
	Replaces []string `json:"replaces"`
}

// PlannedContainer is what the new replicas are created with. Secret
// values never appear: a secret variable is listed by its secret's name.
type PlannedContainer struct {
	// Image is the reference the replicas run.
	Image string `json:"image"`
	// Env are the environment variables, in haloy.yaml's order.
	Env []PlannedEnv `json:"env"`
	// Mounts are "volume|bind SOURCE:TARGET[:ro]", in order.
	Mounts []string `json:"mounts"`
	// Networks are the networks joined.
	Networks []string `json:"networks"`
	// Restart is the restart policy.
	Restart string `json:"restart"`
	// Labels are the dev.haloy.* labels (Compose's own come on top).
	Labels map[string]string `json:"labels"`
}

// PlannedEnv is one environment variable of a plan: its name and, for a
// secret, the secret's name (values are not shown).
type PlannedEnv struct {
	Name       string `json:"name"`
	SecretName string `json:"secretName,omitempty"`
}

// Plan returns what Deploy would do for req now, changing nothing: it only
// lists the app's containers. Secrets need no resolved values.
func (d *Deployer) Plan(ctx context.Context, req Request) (Plan, error) {
	app := req.App
	all, err := d.Engine.ListByLabel(ctx, labels.AppName, app.Name)
	if err != nil {
		return Plan{}, err
	}
	id, err := pickID(req.ID, d.now(), deploymentIDs(all))
	if err != nil {
		return Plan{}, err
	}
	svc, err := spec.FromApp(app, spec.Options{DeploymentID: id, ConfigFile: req.ConfigFile, Env: req.Env, OmitSecrets: true})
	if err != nil {
		return Plan{}, err
	}
	u := req.update()
	p := Plan{
		App: app.Name, DeploymentID: id, Image: app.Source.Image.Ref(), Tag: app.Source.Image.Repository + ":" + id,
		Update: PlannedUpdate{Parallelism: u.Parallelism, Order: u.Order, FailureAction: u.FailureAction}, ReadyTimeout: wire.Duration(req.readyTimeout()), DrainTimeout: wire.Duration(req.drainTimeout()),
		StopGrace: wire.Duration(svc.StopGrace), Retire: []string{},
		Container:  plannedContainer(app, svc),
		PreDeploy:  slices.Clone(app.PreDeploy),
		PostDeploy: slices.Clone(app.PostDeploy),
	}
	for _, c := range all {
		p.Retire = append(p.Retire, c.Name)
	}
	parallelism := 0
	if u.Batched() {
		parallelism = u.Parallelism
	}
	for _, b := range PlanBatches(app.Replicas, parallelism, runningNames(all)) {
		var step []PlannedReplica
		for _, r := range b {
			pr := PlannedReplica{Name: spec.ContainerName(app.Name, id, r.Number), Replaces: []string{}}
			if u.Batched() {
				pr.Replaces = append(pr.Replaces, r.Replaces...)
			}
			step = append(step, pr)
		}
		p.Batches = append(p.Batches, step)
	}
	return p, nil
}

func plannedContainer(app config.App, svc spec.Service) PlannedContainer {
	c := svc.Container(1, "")
	pc := PlannedContainer{Image: c.Image, Env: []PlannedEnv{}, Mounts: []string{}, Networks: []string{},
		Restart: c.Restart, Labels: maps.Clone(svc.Labels)}
	for _, v := range app.Env {
		pc.Env = append(pc.Env, PlannedEnv{Name: v.Name, SecretName: v.SecretName})
	}
	for _, m := range c.Mounts {
		pc.Mounts = append(pc.Mounts, mountString(m))
	}
	for _, n := range c.Networks {
		pc.Networks = append(pc.Networks, n.Name)
	}
	return pc
}

func mountString(m spec.Mount) string {
	s := m.Type + " " + m.Source + ":" + m.Target
	if m.ReadOnly {
		s += ":ro"
	}
	return s
}

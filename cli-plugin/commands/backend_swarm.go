package commands

import (
	"context"
	"fmt"

	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/swarm"
	"github.com/haloydev/haloy/wire"
)

// The Docker backend on a Swarm manager: deploys, rollbacks, history and
// stop go through rollout/swarm (one service per deployment, history
// with the cluster); a worker context is refused (swarm.ErrWorker).

// swarmDeploy deploys call on the Swarm; a rollback runs the image its
// deployment recorded (the pinned digest), not the haloy.yaml's tag.
func (b *dockerBackend) swarmDeploy(ctx context.Context, call wire.DeployCall) (string, error) {
	sd := newSwarmDeployer(b.dockerCli)
	sess := infra.StartSession(ctx, newEngine(b.dockerCli))
	defer sess.Close()
	if sess.Live(ctx) {
		useSwarmSession(sd, sess)
	}
	if call.Progress != nil {
		sd.Progress = call.Progress
	}
	if b.timings {
		sd.Timings = &deploy.Timings{}
	}
	req := swarm.Request{App: call.App, ConfigFile: call.ConfigFile, Env: call.Env, ReadyTimeout: call.Timeout, Hooks: call.Hooks}
	if call.RollbackOf != "" {
		entry, err := sd.History.Get(ctx, call.App.Name, call.RollbackOf)
		if err != nil {
			return "", err
		}
		req.Image = entry.Snapshot.Image
		if app, changed := swarm.WholeDeployment(req.App); changed {
			fmt.Fprintf(sd.Progress, "%s: update.parallelism %d is not supported on a Swarm; the rollback replaces the whole deployment at once\n", app.Name, req.App.Update.Parallelism)
			req.App = app
		}
	}
	id, err := sd.Deploy(ctx, req)
	if err != nil {
		return "", fmt.Errorf("on the Swarm: %w", err)
	}
	b.printTimings(sd.Progress, call, sd.Timings)
	return id, nil
}

// Cluster lists the Swarm's nodes and tasks; nil on a single engine.
func (b *dockerBackend) Cluster(ctx context.Context) (*wire.SwarmView, error) {
	onSwarm, err := swarmManager(ctx, b.dockerCli)
	if err != nil || !onSwarm {
		return nil, err
	}
	nodes, tasks, err := swarm.Manager{API: b.dockerCli.Client()}.Overview(ctx, contract.Network)
	if err != nil {
		return nil, err
	}
	return &wire.SwarmView{Nodes: nodes, Tasks: tasks}, nil
}

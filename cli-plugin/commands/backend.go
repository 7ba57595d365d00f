package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/cli-plugin/tree"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/pflag"
)

// dockerBackend is the command tree's backend over the Docker API of the
// current context: it asks the sidecar through docker exec and runs the
// rollout here. It reaches the engine only when a command runs, after
// the docker CLI set up the context.
type dockerBackend struct {
	dockerCli command.Cli
	// pull and copyFrom are --pull and --copy-image-from of deploy and
	// rollback; timings is deploy's --timings.
	pull, copyFrom string
	timings        bool
	// images is how images are fetched, set by CheckFlags.
	images engine.Images
}

var (
	_ wire.Backend       = (*dockerBackend)(nil)
	_ tree.Planner       = (*dockerBackend)(nil)
	_ tree.ClusterViewer = (*dockerBackend)(nil)
	_ interface {
		AddFlags(string, *pflag.FlagSet)
		CheckFlags(string) error
	} = (*dockerBackend)(nil)
)

// AddFlags adds the flags only the Docker road has: how images are
// fetched, and deploy's step timings (measured by the local rollout).
func (b *dockerBackend) AddFlags(command string, fs *pflag.FlagSet) {
	switch command {
	case "deploy":
		addPullFlag(fs, &b.pull)
		addCopyFlag(fs, &b.copyFrom)
		fs.BoolVar(&b.timings, "timings", false, "print how long each step of each deploy took (lock, tag, create, start, ready, switch, drain, stop+remove, record; on a Swarm: lock, registry digest, create service, tasks running, ready, switch, record, drain, remove old services)")
	case "rollback":
		addPullFlag(fs, &b.pull)
		addCopyFlag(fs, &b.copyFrom)
	}
}

// CheckFlags checks --pull and --copy-image-from before the command runs.
func (b *dockerBackend) CheckFlags(string) error {
	images, err := pullImages(b.dockerCli, b.pull, b.copyFrom)
	b.images = images
	return err
}

func (b *dockerBackend) engine() *engine.Engine { return newEngine(b.dockerCli) }

func (b *dockerBackend) history() deploy.History {
	return deploy.History{Exec: b.engine(), Container: infra.SidecarContainer, Binary: infra.SidecarBinary}
}

// Status asks the sidecar for its status with certificates.
func (b *dockerBackend) Status(ctx context.Context) (wire.DaemonStatus, error) {
	var st wire.DaemonStatus
	err := infra.SidecarStatus(ctx, b.engine(), &st)
	return st, err
}

// Latest reads the newest history entry of every app.
func (b *dockerBackend) Latest(ctx context.Context) ([]wire.HistoryEntry, error) {
	return b.history().Latest(ctx)
}

// History lists app's deployments, newest first (on a Swarm, the
// cluster's history, seen from any manager).
func (b *dockerBackend) History(ctx context.Context, app string) ([]wire.HistoryEntry, error) {
	if onSwarm, err := swarmManager(ctx, b.dockerCli); err != nil {
		return nil, err
	} else if onSwarm {
		return newSwarmDeployer(b.dockerCli).History.List(ctx, app)
	}
	return b.history().List(ctx, app)
}

// Deploy runs the rollout here, against the engine (on a Swarm manager,
// as Swarm services).
func (b *dockerBackend) Deploy(ctx context.Context, call wire.DeployCall) (string, error) {
	if onSwarm, err := swarmManager(ctx, b.dockerCli); err != nil {
		return "", err
	} else if onSwarm {
		return b.swarmDeploy(ctx, call)
	}
	d := newDeployer(b.dockerCli)
	d.UseImages(b.images)
	sess := infra.StartSession(ctx, newEngine(b.dockerCli))
	defer sess.Close()
	useSession(d, sess)
	if call.Progress != nil {
		d.Progress = call.Progress
	}
	if b.timings {
		d.Timings = &deploy.Timings{}
	}
	id, err := d.Deploy(ctx, deploy.Request{App: call.App, ConfigFile: call.ConfigFile, Env: call.Env,
		ReadyTimeout: call.Timeout, Hooks: call.Hooks})
	if err == nil {
		b.printTimings(d.Progress, call, d.Timings)
	}
	return id, err
}

// printTimings prints a deploy's --timings line (one format on both
// roads); nothing without --timings or with --quiet.
func (b *dockerBackend) printTimings(w io.Writer, call wire.DeployCall, t *deploy.Timings) {
	if b.timings && t != nil && !call.Quiet {
		fmt.Fprintf(w, "%s: timings: %s\n", call.App.Name, t)
	}
}

// Plan says what Deploy would do with call, changing nothing.
func (b *dockerBackend) Plan(ctx context.Context, call wire.DeployCall) (fmt.Stringer, error) {
	return newDeployer(b.dockerCli).Plan(ctx, deploy.Request{App: call.App, ConfigFile: call.ConfigFile, ReadyTimeout: call.Timeout})
}

// Stop drains, stops and removes app's containers (on a Swarm manager,
// its services; the history stays with the cluster).
func (b *dockerBackend) Stop(ctx context.Context, app string) (int, error) {
	if onSwarm, err := swarmManager(ctx, b.dockerCli); err != nil {
		return 0, err
	} else if onSwarm {
		return newSwarmDeployer(b.dockerCli).Stop(ctx, app)
	}
	return newDeployer(b.dockerCli).Stop(ctx, app)
}

// Domains asks the sidecar for the domain owners.
func (b *dockerBackend) Domains(ctx context.Context) ([]wire.OwnedDomain, error) {
	out, err := b.engine().Exec(ctx, infra.SidecarContainer, []string{infra.SidecarBinary, "domains", "list"})
	if err != nil {
		return nil, fmt.Errorf("asking the sidecar for domain owners (is Haloy initialised? run: docker haloy init): %w", err)
	}
	var list []wire.OwnedDomain
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		return nil, fmt.Errorf("reading the sidecar's domain owners: %w", err)
	}
	return list, nil
}

// ChangeDomain has the sidecar release or transfer a domain.
func (b *dockerBackend) ChangeDomain(ctx context.Context, verb string, args ...string) error {
	cmd := append([]string{infra.SidecarBinary, "domains", verb}, args...)
	_, err := b.engine().Exec(ctx, infra.SidecarContainer, cmd)
	return err
}

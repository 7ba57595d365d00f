package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/docker/cli/cli/command"

	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/haloydev/haloy/rollout/swarm"
)

// swarmManager is the Swarm mode of the current context's engine: ok is
// true on a manager, false on a single engine; a worker is an error (no
// service can be created there).
func swarmManager(ctx context.Context, dockerCli command.Cli) (bool, error) {
	mode, err := swarm.DetectRole(ctx, dockerCli.Client())
	if err != nil {
		return false, err
	}
	if mode.Active && !mode.Manager {
		return false, swarm.ErrWorker
	}
	return mode.Active, nil
}

// newSwarmDeployer returns a Deployer for the Swarm manager of the current
// context; the sidecar runs there as a plain container, reached by docker
// exec as on one host.
func newSwarmDeployer(dockerCli command.Cli) *swarm.Deployer {
	m := swarm.Manager{API: dockerCli.Client(), Auth: registryAuth(dockerCli.ConfigFile())}
	eng := newEngine(dockerCli)
	return &swarm.Deployer{
		Cluster:  m,
		Configs:  m,
		Sidecar:  sidecarClient{eng},
		History:  swarm.ConfigHistory{Configs: m},
		Registry: deploy.Members{Exec: eng, Container: infra.SidecarContainer, Binary: infra.SidecarBinary},
		Progress: dockerCli.Err(),
	}
}

// swarmStatusPoll is how often a Swarm deploy reads the sidecar's status
// from a session (its newest line, in memory).
const swarmStatusPoll = 50 * time.Millisecond

// useSwarmSession sends sd's sidecar commands and status reads over sess,
// the session opened in the manager's sidecar container, which also lets
// the sidecar promote the new service the moment its tasks are ready.
func useSwarmSession(sd *swarm.Deployer, sess *infra.Session) {
	sd.Sidecar = sess
	sd.Registry = sessionMembers(sess)
	sd.StatusPoll = swarmStatusPoll
}

// ensureSwarmNetwork creates the haloy network as an attachable overlay on
// a Swarm manager (before init's containers join it) and says so.
func ensureSwarmNetwork(ctx context.Context, dockerCli command.Cli) error {
	created, err := swarm.EnsureOverlay(ctx, dockerCli.Client(), contract.Network, map[string]string{project.ProjectLabel: contract.ProjectName})
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(dockerCli.Out(), "Swarm manager: created the attachable overlay network %s (driver overlay); apps deploy as one Swarm service per deployment\n", contract.Network)
	} else {
		fmt.Fprintf(dockerCli.Out(), "Swarm manager: the overlay network %s exists\n", contract.Network)
	}
	return nil
}

package commands

import (
	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/rollout/deploy"
)

// newDeployer returns a Deployer for the engine of the current context,
// printing progress to the CLI's error stream.
func newDeployer(dockerCli command.Cli) *deploy.Deployer {
	eng := newEngine(dockerCli)
	return &deploy.Deployer{
		Engine:           eng,
		Sidecar:          sidecarClient{eng},
		History:          deploy.History{Exec: eng, Container: infra.SidecarContainer, Binary: infra.SidecarBinary},
		Registry:         deploy.Members{Exec: eng, Container: infra.SidecarContainer, Binary: infra.SidecarBinary},
		SidecarContainer: infra.SidecarContainer,
		Progress:         dockerCli.Err(),
	}
}

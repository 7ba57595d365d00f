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

// useSession sends d's sidecar commands and status watch over sess, one
// docker exec for the whole deploy, which also lets the sidecar promote the
// new deployment the moment it is ready.
func useSession(d *deploy.Deployer, sess *infra.Session) {
	d.Sidecar = sess
	d.History = deploy.History{Exec: sess, Container: infra.SidecarContainer, Binary: infra.SidecarBinary}
	d.Registry = sessionMembers(sess)
}

// sessionMembers is the sidecar's membership over sess, which may hold a
// promotion until the deployment is ready.
func sessionMembers(sess *infra.Session) deploy.Members {
	return deploy.Members{Exec: sess, Container: infra.SidecarContainer, Binary: infra.SidecarBinary, InSession: true}
}

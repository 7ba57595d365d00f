package commands

import (
	"context"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/engine"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// newEngine returns the engine behind the CLI's current Docker context.
func newEngine(dockerCli command.Cli) *engine.Engine {
	return engine.New(dockerCli.Client())
}

// sidecarClient reads the sidecar's status through docker exec.
type sidecarClient struct {
	eng *engine.Engine
}

// Status returns the sidecar's status after its last pass.
func (s sidecarClient) Status(ctx context.Context) (reconcile.Status, error) {
	var st reconcile.Status
	err := infra.SidecarStatus(ctx, s.eng, &st)
	return st, err
}

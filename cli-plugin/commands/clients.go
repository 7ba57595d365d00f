package commands

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/wire"
)

// newEngine returns the engine behind the CLI's current Docker context.
func newEngine(dockerCli command.Cli) *engine.Engine {
	// On a Swarm manager without the sidecar, its relay task stands in.
	return engine.New(dockerCli.Client()).WithStandIn(engine.StandIn{Container: infra.SidecarContainer, Service: contract.RelayService})
}

// sidecarClient reads the sidecar's status through docker exec.
type sidecarClient struct {
	eng *engine.Engine
}

// Status returns the sidecar's status after its last pass.
func (s sidecarClient) Status(ctx context.Context) (wire.Status, error) {
	var st wire.Status
	err := infra.SidecarStatus(ctx, s.eng, &st)
	return st, err
}

// Watch calls fn with the sidecar's status as it changes, through one
// docker exec, until fn returns false or ctx ends.
func (s sidecarClient) Watch(ctx context.Context, fn func(wire.Status) bool) error {
	var decodeErr error
	err := infra.WatchSidecarStatus(ctx, s.eng, func(line []byte) bool {
		var st wire.Status
		if decodeErr = json.Unmarshal(line, &st); decodeErr != nil {
			return false
		}
		return fn(st)
	})
	if decodeErr != nil {
		return fmt.Errorf("reading the sidecar's status: %w", decodeErr)
	}
	return err
}

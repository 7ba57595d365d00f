package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"

	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/version"
)

// SidecarVersion reads the sidecar's version from its container's image
// labels: unlike running the binary, this works with every sidecar
// release. On a Swarm manager that runs no sidecar it asks the leader's
// sidecar through the local relay task instead.
func (b *dockerBackend) SidecarVersion(ctx context.Context) (version.Info, error) {
	l, err := b.engine().LabelsOf(ctx, infra.SidecarContainer)
	if cerrdefs.IsNotFound(err) {
		return b.relayedVersion(ctx)
	}
	if err != nil {
		return version.Info{}, fmt.Errorf("reading the sidecar's version: %w", err)
	}
	v := version.Info{Version: l[version.LabelVersion], Commit: l[version.LabelRevision]}
	if v.Version == "" {
		return v, errors.New("the sidecar image has no " + version.LabelVersion + " label")
	}
	return v, nil
}

// relayedVersion runs `haloy-sidecar version`, which the engine runs in
// a local task of the relay (the engine has no sidecar container) and
// the relay forwards to the leader sidecar.
func (b *dockerBackend) relayedVersion(ctx context.Context) (version.Info, error) {
	out, err := b.engine().Exec(ctx, infra.SidecarContainer, []string{infra.SidecarBinary, "version"})
	if cerrdefs.IsNotFound(err) {
		return version.Info{}, fmt.Errorf("this engine runs neither the %s container nor a %s task (run: docker haloy init; on a Swarm, use a manager's context)", contract.SidecarContainer, contract.RelayService)
	}
	if err != nil {
		return version.Info{}, fmt.Errorf("asking the sidecar for its version through the %s task: %w", contract.RelayService, err)
	}
	return parseVersion(out)
}

// parseVersion reads the JSON the sidecar's version subcommand prints.
func parseVersion(out string) (version.Info, error) {
	var v version.Info
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return v, fmt.Errorf("reading the sidecar's version: %w", err)
	}
	if v.Version == "" {
		return v, errors.New("the sidecar reported no version")
	}
	return v, nil
}

package swarm

import (
	"context"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// NetworkAPI is the part of the moby client that makes the overlay network.
type NetworkAPI interface {
	NetworkInspect(ctx context.Context, network string, options client.NetworkInspectOptions) (client.NetworkInspectResult, error)
	NetworkCreate(ctx context.Context, name string, options client.NetworkCreateOptions) (client.NetworkCreateResult, error)
}

// EnsureOverlay creates name as an attachable overlay network (services'
// tasks on every node and plain containers on the manager both join it)
// unless it exists. It reports whether it created it, and refuses a
// network of that name with another driver: tasks cannot join a bridge.
func EnsureOverlay(ctx context.Context, api NetworkAPI, name string, labels map[string]string) (bool, error) {
	got, err := api.NetworkInspect(ctx, name, client.NetworkInspectOptions{})
	switch {
	case err == nil && got.Network.Driver == "overlay":
		return false, nil
	case err == nil:
		return false, fmt.Errorf("network %s exists with driver %s, but on a Swarm manager it must be an attachable overlay: remove it (docker haloy uninstall, or docker network rm %s) and run init again", name, got.Network.Driver, name)
	case !cerrdefs.IsNotFound(err):
		return false, fmt.Errorf("inspecting network %s: %w", name, err)
	}
	if _, err := api.NetworkCreate(ctx, name, client.NetworkCreateOptions{Driver: "overlay", Scope: "swarm", Attachable: true, Labels: labels}); err != nil {
		return false, fmt.Errorf("creating overlay network %s: %w", name, err)
	}
	return true, nil
}

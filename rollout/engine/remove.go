package engine

import (
	"context"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// RemoveNetwork removes a network; it reports false when there was none.
func (e *Engine) RemoveNetwork(ctx context.Context, name string) (bool, error) {
	if _, err := e.api.NetworkRemove(ctx, name, client.NetworkRemoveOptions{}); err != nil {
		if cerrdefs.IsNotFound(err) {
			return false, nil
		}
		return false, fmt.Errorf("removing network %s: %w", name, err)
	}
	return true, nil
}

// RemoveVolume removes a volume; it reports false when there was none.
func (e *Engine) RemoveVolume(ctx context.Context, name string) (bool, error) {
	if _, err := e.api.VolumeRemove(ctx, name, client.VolumeRemoveOptions{}); err != nil {
		if cerrdefs.IsNotFound(err) {
			return false, nil
		}
		return false, fmt.Errorf("removing volume %s: %w", name, err)
	}
	return true, nil
}

package swarm

import (
	"context"

	"github.com/moby/moby/api/types/container"

	"github.com/haloydev/haloy/rollout/faststart"
)

// StartHealth returns the health configuration faststart.Health gives
// the tasks of image on this manager's API version, read from the image
// as the manager has it (ImageInspect of the pinned reference). It is nil
// when the manager does not have the image: the nodes pull it only once
// the service exists, and the registry's answer to the manager (its
// distribution inspect) names the image's digest and platforms, not its
// HEALTHCHECK, so the tasks are then checked at the image's own interval.
func (m Manager) StartHealth(ctx context.Context, image string) *container.HealthConfig {
	res, err := m.API.ImageInspect(ctx, image)
	if err != nil || res.Config == nil {
		return nil
	}
	return faststart.Health(m.API.ClientVersion(), res.Config.Healthcheck)
}

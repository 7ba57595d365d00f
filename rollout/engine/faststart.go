package engine

import (
	"context"

	"github.com/moby/moby/api/types/container"

	"github.com/haloydev/haloy/rollout/faststart"
)

// fastStart returns the health configuration faststart.Health gives a new
// replica of image on this engine, or nil (also when the image cannot be
// inspected).
func (e *Engine) fastStart(ctx context.Context, image string) *container.HealthConfig {
	res, err := e.api.ImageInspect(ctx, image)
	if err != nil || res.Config == nil {
		return nil
	}
	return faststart.Health(e.api.ClientVersion(), res.Config.Healthcheck)
}

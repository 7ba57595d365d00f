package engine

import (
	"context"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client/pkg/versions"
)

// The HEALTHCHECK start interval a deploy gives its new replicas on
// engines that have one (API 1.44, Docker 25): the engine checks a
// starting replica every StartInterval during its first StartPeriod, so
// readiness is seen within StartInterval of the app answering instead of
// at the image's next interval. Once healthy the image's interval applies.
const (
	StartInterval = 250 * time.Millisecond
	// StartPeriod is the start period set when the image's is shorter;
	// failed checks in it do not count, so it is kept to the deploy's own
	// grace for unhealthy replicas (deploy.UnhealthyGrace).
	StartPeriod = 10 * time.Second
	// startIntervalAPI is the first API version with a start interval.
	startIntervalAPI = "1.44"
)

// fastStart returns the health configuration that checks a new replica of
// image every StartInterval while it starts, or nil: when the engine has
// no start interval, the image has no HEALTHCHECK, or it sets its own
// start interval. The engine takes the image's test, interval, timeout
// and retries for the fields left zero.
func (e *Engine) fastStart(ctx context.Context, image string) *container.HealthConfig {
	if v := e.api.ClientVersion(); v == "" || !versions.GreaterThanOrEqualTo(v, startIntervalAPI) {
		return nil
	}
	res, err := e.api.ImageInspect(ctx, image)
	if err != nil || res.Config == nil {
		return nil
	}
	hc := res.Config.Healthcheck
	if hc == nil || len(hc.Test) == 0 || hc.Test[0] == "NONE" || hc.StartInterval != 0 {
		return nil
	}
	return &container.HealthConfig{StartPeriod: max(hc.StartPeriod, StartPeriod), StartInterval: StartInterval}
}

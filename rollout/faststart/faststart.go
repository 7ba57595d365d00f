package faststart

import (
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/container"
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
	// MinAPI is the first API version with a start interval.
	MinAPI = "1.44"
)

// Health returns the health configuration that checks a new replica of an
// image with HEALTHCHECK image every StartInterval while it starts, or
// nil: when the engine's API version api has no start interval, the
// image has no HEALTHCHECK (nil, empty or NONE), or it sets its own start
// interval. The engine takes the image's test, interval, timeout and
// retries for the fields left zero.
func Health(api string, image *dockerspec.HealthcheckConfig) *container.HealthConfig {
	if !atLeast(api, MinAPI) {
		return nil
	}
	if image == nil || len(image.Test) == 0 || image.Test[0] == "NONE" || image.StartInterval != 0 {
		return nil
	}
	return &container.HealthConfig{StartPeriod: max(image.StartPeriod, StartPeriod), StartInterval: StartInterval}
}

package swarm

import (
	"context"
	"errors"
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/rollout/faststart"
)

// imageAPI answers ImageInspect with config (an error when nil) at API
// version api; every other call of API panics.
type imageAPI struct {
	API
	api    string
	config *dockerspec.DockerOCIImageConfig
	asked  []string
}

func (a *imageAPI) ImageInspect(_ context.Context, ref string, _ ...client.ImageInspectOption) (client.ImageInspectResult, error) {
	a.asked = append(a.asked, ref)
	if a.config == nil {
		return client.ImageInspectResult{}, errors.New("no such image")
	}
	return client.ImageInspectResult{InspectResponse: image.InspectResponse{Config: a.config}}, nil
}

func (a *imageAPI) ClientVersion() string { return a.api }

func TestStartHealth(t *testing.T) {
	withCheck := &dockerspec.DockerOCIImageConfig{}
	withCheck.Healthcheck = &dockerspec.HealthcheckConfig{Test: []string{"CMD", "true"}, Interval: time.Second}
	for _, c := range []struct {
		name   string
		api    string
		config *dockerspec.DockerOCIImageConfig
		want   bool
	}{
		{"the manager has the image", "1.45", withCheck, true},
		{"the manager does not have it", "1.45", nil, false},
		{"no start interval before 1.44", "1.43", withCheck, false},
		{"no HEALTHCHECK", "1.45", &dockerspec.DockerOCIImageConfig{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			api := &imageAPI{api: c.api, config: c.config}
			got := Manager{API: api}.StartHealth(context.Background(), "reg:5000/web:v2@"+testDigest)
			if (got != nil) != c.want || (got != nil && got.StartInterval != faststart.StartInterval) {
				t.Errorf("StartHealth = %+v, want a start interval: %t", got, c.want)
			}
			if len(api.asked) != 1 || api.asked[0] != "reg:5000/web:v2@"+testDigest {
				t.Errorf("inspected %v, want the pinned reference", api.asked)
			}
		})
	}
}

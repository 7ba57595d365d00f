package swarm

import (
	"context"
	"errors"
	"testing"

	"github.com/moby/moby/api/types/registry"
	"github.com/moby/moby/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// distributionAPI answers DistributionInspect with one digest; every other
// call of API panics (the embedded interface is nil).
type distributionAPI struct {
	API
	asked []string
	err   error
}

const testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func (a *distributionAPI) DistributionInspect(_ context.Context, image string, _ client.DistributionInspectOptions) (client.DistributionInspectResult, error) {
	a.asked = append(a.asked, image)
	if a.err != nil {
		return client.DistributionInspectResult{}, a.err
	}
	return client.DistributionInspectResult{DistributionInspect: registry.DistributionInspect{Descriptor: ocispec.Descriptor{Digest: testDigest}}}, nil
}

func TestResolvePinsTheDigest(t *testing.T) {
	for _, c := range []struct {
		image, want string
		asks        bool
		err         error
	}{
		{"reg:5000/web:v2", "reg:5000/web:v2@" + testDigest, true, nil},
		{"nginx", "nginx:latest@" + testDigest, true, nil},
		{"reg:5000/web:v1@" + testDigest, "reg:5000/web:v1@" + testDigest, false, nil},
		{"reg:5000/web:v2", "", true, errors.New("unauthorized")},
	} {
		api := &distributionAPI{err: c.err}
		got, err := Manager{API: api}.Resolve(context.Background(), c.image)
		if got != c.want || (err != nil) != (c.err != nil) || (len(api.asked) > 0) != c.asks {
			t.Errorf("Resolve(%q) = %q, %v (asked the registry %v); want %q, asked %t", c.image, got, err, api.asked, c.want, c.asks)
		}
	}
}

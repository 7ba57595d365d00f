package swarm

import (
	"context"
	"fmt"

	"github.com/distribution/reference"
	"github.com/moby/moby/client"
)

// Resolve asks the registry, through the manager, for the digest of
// image and returns the reference pinned to it (repository:tag@digest),
// so every node runs the same image. A reference that already names a
// digest is returned as it is, without asking.
func (m Manager) Resolve(ctx context.Context, image string) (string, error) {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return "", fmt.Errorf("image reference %q: %w", image, err)
	}
	if _, pinned := named.(reference.Canonical); pinned {
		return image, nil
	}
	auth := ""
	if m.Auth != nil {
		if auth, err = m.Auth(image); err != nil {
			return "", fmt.Errorf("registry credentials for %s: %w", image, err)
		}
	}
	res, err := m.API.DistributionInspect(ctx, image, client.DistributionInspectOptions{EncodedRegistryAuth: auth})
	if err != nil {
		return "", fmt.Errorf("asking the registry for the digest of %s: %w", image, err)
	}
	withDigest, err := reference.WithDigest(reference.TagNameOnly(named), res.Descriptor.Digest)
	if err != nil {
		return "", fmt.Errorf("pinning %s to %s: %w", image, res.Descriptor.Digest, err)
	}
	return reference.FamiliarString(withDigest), nil
}

package deploy

import (
	"errors"
	"fmt"
	"time"

	"github.com/haloydev/haloy/labels"
)

// ErrStaleID means a deploy asked for a deployment id that is not newer
// than every deployment of the app (another deploy came first).
var ErrStaleID = errors.New("the deployment id is taken")

// NewID returns a deployment id for now that sorts after every valid id
// in taken; see labels.NextDeploymentID.
func NewID(now time.Time, taken []string) string {
	return labels.NextDeploymentID(now, taken)
}

// pickID returns the deployment id of a deploy: proposed, when the caller
// chose one and it is valid, not in the future and newer than every
// valid id in taken; else a new one.
func pickID(proposed string, now time.Time, taken []string) (string, error) {
	if proposed == "" {
		return NewID(now, taken), nil
	}
	if err := labels.ValidateDeploymentIDAt(proposed, now); err != nil {
		return "", fmt.Errorf("deployment id %q %w", proposed, err)
	}
	for _, id := range taken {
		if labels.ValidateDeploymentIDAt(id, now) == nil && proposed <= id {
			return "", fmt.Errorf("%w: %s is not newer than deployment %s of the app (deploy again)", ErrStaleID, proposed, id)
		}
	}
	return proposed, nil
}

package deploy

import (
	"time"

	"github.com/haloydev/haloy/labels"
)

// NewID returns a deployment id (YYYYMMDDHHMMSS, UTC) for now that sorts
// after every id in taken, so two deploys in one second still differ.
func NewID(now time.Time, taken []string) string {
	t := now.UTC().Truncate(time.Second)
	for _, id := range taken {
		prev, err := time.Parse(labels.DeploymentIDLayout, id)
		if err == nil && !prev.Before(t) {
			t = prev.Add(time.Second)
		}
	}
	return t.Format(labels.DeploymentIDLayout)
}

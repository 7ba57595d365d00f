package labels

import "time"

// NextDeploymentID returns a deployment id (YYYYMMDDHHMMSS, UTC) for now
// that sorts after every valid id in taken, so two deploys in one second
// still differ. Malformed ids, and ids later than now plus
// MaxDeploymentIDSkew (which the sidecar refuses), are ignored, so the
// result is always a valid 14-digit id that the sidecar accepts.
func NextDeploymentID(now time.Time, taken []string) string {
	t := now.UTC().Truncate(time.Second)
	limit := t.Add(MaxDeploymentIDSkew)
	for _, id := range taken {
		prev, err := time.Parse(DeploymentIDLayout, id)
		if err != nil || len(id) != len(DeploymentIDLayout) || !prev.Before(limit) {
			continue
		}
		if !prev.Before(t) {
			t = prev.Add(time.Second)
		}
	}
	return t.Format(DeploymentIDLayout)
}

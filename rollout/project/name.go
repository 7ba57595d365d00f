package project

import "github.com/haloydev/haloy/rollout/spec"

// ContainerName is the name of replica number of an app's deployment (see
// spec.ContainerName).
func ContainerName(app, deploymentID string, number int) string {
	return spec.ContainerName(app, deploymentID, number)
}

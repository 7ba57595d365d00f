package project

import "strconv"

// ContainerName is the name of replica number of an app's deployment:
// "<app>-<deploymentID>-<number>", or "<app>-<number>" without a deployment
// id. Replicas of two deployments so never clash while both run.
func ContainerName(app, deploymentID string, number int) string {
	n := strconv.Itoa(number)
	if deploymentID == "" {
		return app + "-" + n
	}
	return app + "-" + deploymentID + "-" + n
}

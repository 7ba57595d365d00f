package swarm

// ServiceName is the Swarm service of deployment id of app:
// "<app>-<deploymentID>", as the Compose project of a deployment is named
// on one host. Two deployments' services so never clash while both run.
func ServiceName(app, deploymentID string) string {
	return app + "-" + deploymentID
}

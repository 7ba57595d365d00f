package project

import (
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

// route is what the app's labels say about routing it. It stands in for
// config.App.Route until the config package provides it.
func route(app config.App, deploymentID string) labels.Route {
	r := labels.Route{
		AppName:         app.Name,
		DeploymentID:    deploymentID,
		Port:            app.Port,
		HealthCheckPath: app.HealthCheckPath,
		ACMEEmail:       app.ACMEEmail,
	}
	for _, d := range app.Domains {
		r.Domains = append(r.Domains, labels.Domain{Canonical: d.Domain, Aliases: d.Aliases})
	}
	return r
}

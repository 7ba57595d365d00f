package config

import "github.com/haloydev/haloy/labels"

// Route is what the containers of deployment deploymentID of a carry in
// their dev.haloy.* labels (see labels.Encode).
func (a App) Route(deploymentID string) labels.Route {
	domains := make([]labels.Domain, len(a.Domains))
	for i, d := range a.Domains {
		domains[i] = labels.Domain{Canonical: d.Domain, Aliases: append([]string(nil), d.Aliases...)}
	}
	return labels.Route{
		AppName:         a.Name,
		DeploymentID:    deploymentID,
		Port:            a.Port,
		HealthCheckPath: a.HealthCheckPath,
		ACMEEmail:       a.ACMEEmail,
		ACMEChallenge:   a.ACMEChallenge,
		ACMEDNSProvider: a.ACMEDNSProvider,
		Domains:         domains,
	}
}

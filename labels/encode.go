package labels

import (
	"strconv"
	"strings"
)

// Encode returns the labels that describe r. Empty optional fields are
// written with their defaults so the labels say exactly what is routed.
func Encode(r Route) map[string]string {
	out := map[string]string{
		Role:            RoleApp,
		AppName:         r.AppName,
		Port:            orDefault(r.Port, DefaultPort),
		HealthCheckPath: orDefault(r.HealthCheckPath, DefaultHealthCheckPath),
	}
	if r.DeploymentID != "" {
		out[DeploymentID] = r.DeploymentID
	}
	if r.ACMEEmail != "" {
		out[ACMEEmail] = r.ACMEEmail
	}
	if r.ACMEChallenge != "" {
		out[ACMEChallenge] = r.ACMEChallenge
	}
	if r.ACMEDNSProvider != "" {
		out[ACMEDNSProvider] = r.ACMEDNSProvider
	}
	if r.Rollout != "" {
		out[Rollout] = r.Rollout
	}
	if len(r.Replaces) > 0 {
		out[Replaces] = strings.Join(r.Replaces, ",")
	}
	for i, d := range r.Domains {
		out[DomainLabel(i)] = d.Canonical
		for j, a := range d.Aliases {
			out[AliasLabel(i, j)] = a
		}
	}
	return out
}

// DomainLabel is the label of canonical domain i: dev.haloy.domain.<i>.
func DomainLabel(i int) string {
	return DomainPrefix + strconv.Itoa(i)
}

// AliasLabel is the label of alias j of domain i: dev.haloy.domain.<i>.alias.<j>.
func AliasLabel(i, j int) string {
	return DomainLabel(i) + ".alias." + strconv.Itoa(j)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

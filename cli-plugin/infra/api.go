package infra

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/labels"
)

// The API as init routes it.
const (
	// APIApp is the app name the sidecar's container is routed under; the
	// sidecar refuses to deploy or stop it through the API.
	APIApp = contract.APIApp
	// APIPort is the sidecar's API port inside the haloy network (the
	// sidecar's api.DefaultListen); it is never published on the host.
	APIPort = "8081"
	// APIHealthPath is the API's health endpoint, probed like any app's.
	APIHealthPath = "/v1/health"
)

// withAPIDomain makes the sidecar's container a routed app on the API
// domain when one is given: HAProxy then sends that domain to the API port
// (and the certificate work covers it like any app's domain).
func withAPIDomain(svc *types.ServiceConfig, o Options) {
	if o.APIDomain == "" {
		return
	}
	route := labels.Route{
		AppName:         APIApp,
		Port:            APIPort,
		HealthCheckPath: APIHealthPath,
		ACMEEmail:       o.ACMEEmail,
		Domains:         []labels.Domain{{Canonical: o.APIDomain}},
	}
	if svc.Labels == nil {
		svc.Labels = types.Labels{}
	}
	for k, v := range labels.Encode(route) {
		svc.Labels[k] = v
	}
}

// CheckAPIDomain reports a --api-domain that is not a host name.
func CheckAPIDomain(domain string) error {
	if domain == "" {
		return nil
	}
	if err := labels.ValidateDomain(domain); err != nil {
		return fmt.Errorf("--api-domain %q %v (use a host name such as api.example.com)", domain, err)
	}
	return nil
}

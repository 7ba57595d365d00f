package infra

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/contract"
)

// HTTPS and ACME settings of `docker haloy init`.
const (
	// DefaultHTTPSPort is the host port published for HTTPS.
	DefaultHTTPSPort = 443
	// DefaultACMECA is Let's Encrypt's production CA.
	DefaultACMECA = "production"
	// haproxyHTTPSPort is the port HAProxy's HTTPS frontend binds in its container.
	haproxyHTTPSPort = 443
)

// Environment variables the sidecar reads (see sidecar/daemon).
const (
	envACMECA      = contract.EnvACMECA
	envACMECARoots = contract.EnvACMECARoots
)

// CheckACMECA accepts the values of --acme-ca: production, staging, none
// or an https:// ACME directory URL.
func CheckACMECA(v string) error {
	switch v {
	case "", "production", "staging", "none":
		return nil
	}
	if u, err := url.Parse(v); err == nil && u.Scheme == "https" && u.Host != "" {
		return nil
	}
	return fmt.Errorf("--acme-ca %q: use production, staging, none, or the https:// directory URL of an ACME CA", v)
}

// withACME tells the sidecar which CA to use and which roots it trusts.
func withACME(svc *types.ServiceConfig, o Options) {
	ca := o.ACMECA
	if ca == "" {
		ca = DefaultACMECA
	}
	svc.Environment[envACMECA] = &ca
	if o.ACMECARoots != "" {
		roots := o.ACMECARoots
		svc.Environment[envACMECARoots] = &roots
	}
}

// withHTTPS publishes HAProxy's HTTPS frontend on PublishAddr:HTTPSPort.
func withHTTPS(svc *types.ServiceConfig, o Options) {
	svc.Ports = append(svc.Ports, types.ServicePortConfig{
		Target: haproxyHTTPSPort, Published: strconv.Itoa(o.HTTPSPort), HostIP: o.PublishAddr, Protocol: "tcp",
	})
}

package routing

import (
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// ACME is how an app's certificates are obtained, as the build saw it:
// what the certificate loop orders with, so that it never decodes labels
// itself.
type ACME struct {
	// Email is the dev.haloy.acme.email of the app's newest container ("" for
	// the sidecar's default).
	Email string
	// Challenge is the app's challenge as routed: labels.ChallengeTLSALPN01
	// exactly when the app's model passes TLS-ALPN-01 on (haproxy.App.TLSALPN),
	// labels.ChallengeDNS01 when the newest container asks for it (HAProxy has
	// nothing to route for it), else labels.ChallengeHTTP01.
	Challenge string
	// DNSProvider is the newest container's dev.haloy.acme.dns-provider
	// (DNS-01 only).
	DNSProvider string
}

// acmeOf is the ACME settings of app, routed as m: the labels of its
// newest container (the first by name among equally new ones) give the
// e-mail, the DNS provider and whether DNS-01 is asked for, so that a
// deploy's new settings apply to its certificates before it serves.
func acmeOf(members []member, m haproxy.App) ACME {
	newest := members[0]
	for _, mb := range members[1:] {
		if mb.Created.After(newest.Created) {
			newest = mb
		}
	}
	r := newest.route
	a := ACME{Email: r.ACMEEmail, DNSProvider: r.ACMEDNSProvider, Challenge: labels.ChallengeHTTP01}
	switch {
	case m.TLSALPN:
		a.Challenge = labels.ChallengeTLSALPN01
	case r.Challenge() == labels.ChallengeDNS01:
		a.Challenge = labels.ChallengeDNS01
	}
	return a
}

package labels

import (
	"errors"

	"github.com/haloydev/haloy/internal/suggest"
)

// Values of ACMEChallenge, the ACME challenge types of RFC 8555 and 8737.
const (
	// ChallengeHTTP01 proves control of a domain over HTTP on port 80 (the default).
	ChallengeHTTP01 = "http-01"
	// ChallengeTLSALPN01 proves control of a domain over TLS on port 443
	// (ALPN protocol acme-tls/1), for servers that cannot open port 80.
	ChallengeTLSALPN01 = "tls-alpn-01"
	// ChallengeDNS01 proves control with a DNS TXT record that the
	// sidecar creates through the app's DNS provider (ACMEDNSProvider). It
	// is the only challenge that can prove a wildcard name.
	ChallengeDNS01 = "dns-01"
)

// challenges are the ACMEChallenge values Haloy can solve.
var challenges = []string{ChallengeHTTP01, ChallengeTLSALPN01, ChallengeDNS01}

// ValidateACMEChallenge checks an ACMEChallenge value.
func ValidateACMEChallenge(v string) error {
	switch v {
	case ChallengeHTTP01, ChallengeTLSALPN01, ChallengeDNS01:
		return nil
	}
	return errors.New("is not a challenge Haloy solves: want " + ChallengeHTTP01 + ", " + ChallengeTLSALPN01 + " or " + ChallengeDNS01)
}

// ACMEChallengeHint is the fix for a bad ACMEChallenge value v: a "did you
// mean" for a typo, else the values to choose from.
func ACMEChallengeHint(v string) string {
	if s := suggest.Closest(v, challenges); s != "" {
		return "did you mean " + s + "?"
	}
	return "use " + ChallengeHTTP01 + " (the default), " + ChallengeTLSALPN01 + " (port 443 only) or " + ChallengeDNS01 + " (wildcards, no open port; needs " + ACMEDNSProvider + ")"
}

// Challenge is the route's ACME challenge: ACMEChallenge, or
// ChallengeHTTP01 when it is not set.
func (r Route) Challenge() string {
	return orDefault(r.ACMEChallenge, ChallengeHTTP01)
}

// acmeChallenge reads the optional ACMEChallenge label with its own hints.
func (d *decoder) acmeChallenge() string {
	v, ok := d.labels[ACMEChallenge]
	if !ok {
		return ""
	}
	if err := ValidateACMEChallenge(v); err != nil {
		d.fail(ACMEChallenge, err.Error(), ACMEChallengeHint(v))
	}
	return v
}

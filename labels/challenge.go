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
	// ChallengeDNS01 proves control with a DNS TXT record. It is designed
	// (see README.md#beyond-http-01) but not built: decoding refuses it.
	ChallengeDNS01 = "dns-01"
)

// challenges are the ACMEChallenge values Haloy can solve.
var challenges = []string{ChallengeHTTP01, ChallengeTLSALPN01}

// ErrDNS01NotBuilt says that the DNS-01 challenge is not available yet.
var ErrDNS01NotBuilt = errors.New("dns-01 is not available yet: Haloy solves http-01 and tls-alpn-01 (DNS-01 is designed, see README.md#beyond-http-01)")

// ValidateACMEChallenge checks an ACMEChallenge value.
func ValidateACMEChallenge(v string) error {
	switch v {
	case ChallengeHTTP01, ChallengeTLSALPN01:
		return nil
	case ChallengeDNS01:
		return ErrDNS01NotBuilt
	}
	return errors.New("is not a challenge Haloy solves: want " + ChallengeHTTP01 + " or " + ChallengeTLSALPN01)
}

// ACMEChallengeHint is the fix for a bad ACMEChallenge value v: a "did you
// mean" for a typo, else the values to choose from.
func ACMEChallengeHint(v string) string {
	if v == ChallengeDNS01 {
		return "use " + ChallengeHTTP01 + " (port 80 reachable) or " + ChallengeTLSALPN01 + " (port 443 reachable) for now"
	}
	if s := suggest.Closest(v, challenges); s != "" {
		return "did you mean " + s + "?"
	}
	return "use " + ChallengeHTTP01 + " (the default) or " + ChallengeTLSALPN01
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

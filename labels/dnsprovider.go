package labels

import (
	"errors"
	"slices"
	"strings"

	"github.com/haloydev/haloy/internal/suggest"
)

// DNSProviderRFC2136 is the DNS provider for self-hosted DNS servers that
// accept RFC 2136 dynamic updates signed with a TSIG key (BIND, Knot,
// PowerDNS). DNSProviderDNSUpdate is lego's own name for it.
const (
	DNSProviderRFC2136   = "rfc2136"
	DNSProviderDNSUpdate = "dnsupdate"
)

// DNSProviders are the ACMEDNSProvider values the sidecar links (each is
// one of lego's DNS providers), sorted. The acme package tests that it
// builds exactly these.
var DNSProviders = []string{"cloudflare", "digitalocean", DNSProviderDNSUpdate, "hetzner", DNSProviderRFC2136}

// ValidateDNSProvider checks an ACMEDNSProvider value.
func ValidateDNSProvider(v string) error {
	if slices.Contains(DNSProviders, v) {
		return nil
	}
	return errors.New("is not a DNS provider Haloy links: want one of " + strings.Join(DNSProviders, ", "))
}

// DNSProviderHint is the fix for a bad ACMEDNSProvider value v.
func DNSProviderHint(v string) string {
	if s := suggest.Closest(v, DNSProviders); s != "" {
		return "did you mean " + s + "?"
	}
	return "use " + DNSProviderRFC2136 + " for a DNS server of your own, or one of " + strings.Join(DNSProviders, ", ")
}

// CheckDNSChallenge checks that a challenge and a DNS provider go
// together: dns-01 needs a provider, the other challenges take none. It
// returns the field at fault (ACMEChallenge or ACMEDNSProvider), the
// reason and the fix, or "" when they fit.
func CheckDNSChallenge(challenge, provider string) (field, reason, hint string) {
	switch {
	case challenge == ChallengeDNS01 && provider == "":
		return ACMEDNSProvider, "is missing: " + ChallengeDNS01 + " needs the DNS provider that creates the TXT records",
			"set it to one of " + strings.Join(DNSProviders, ", ") + ", e.g. " + DNSProviderRFC2136
	case challenge != ChallengeDNS01 && provider != "":
		return ACMEDNSProvider, "is only used with " + ACMEChallenge + "=" + ChallengeDNS01,
			"set " + ACMEChallenge + "=" + ChallengeDNS01 + ", or remove " + ACMEDNSProvider
	}
	return "", "", ""
}

// acmeDNSProvider reads the optional ACMEDNSProvider label and checks it
// against the challenge.
func (d *decoder) acmeDNSProvider() string {
	v, ok := d.labels[ACMEDNSProvider]
	if ok {
		if err := ValidateDNSProvider(v); err != nil {
			d.fail(ACMEDNSProvider, err.Error(), DNSProviderHint(v))
			return v
		}
	}
	challenge := d.labels[ACMEChallenge]
	if ValidateACMEChallenge(challenge) != nil && challenge != "" {
		return v // the challenge label is reported on its own
	}
	if field, reason, hint := CheckDNSChallenge(challenge, v); field != "" {
		d.fail(field, reason, hint)
	}
	return v
}

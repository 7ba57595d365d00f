package certs

import (
	"strings"

	"github.com/haloydev/haloy/acme"
)

// dnsHintRules advise on DNS-01 failures; "%s" is the domain. The
// credentials file is init's --acme-dns-env-file.
var dnsHintRules = []hintRule{
	{[]string{strings.ToLower(acme.ErrDNSCredentialMissing.Error())},
		"add the named variable to the DNS credentials file and run docker haloy init --acme-dns-env-file FILE again"},
	{[]string{"is not linked"},
		"set acmeDNSProvider (label dev.haloy.acme.dns-provider) to one of the providers named"},
	{[]string{"bad authentication", "notauth", "badsig", "badkey", "tsig"},
		"the DNS server refused the TSIG signature: check DNSUPDATE_TSIG_KEY (the key's name), DNSUPDATE_TSIG_SECRET and DNSUPDATE_TSIG_ALGORITHM against the server's key, and that its update-policy grants the key TXT records of the zone of %s"},
	{[]string{"refused"},
		"the DNS server refused the update: allow the key to update TXT records under _acme-challenge in the zone of %s (BIND: update-policy { grant <key> zonesub TXT; })"},
	{[]string{"zone for", "could not find the start of authority", "soa"},
		"the zone of %s was not found: check DNSUPDATE_NAMESERVER (the server must be authoritative for it), set DNSUPDATE_ZONES, or HALOY_DNS_RESOLVERS"},
	{[]string{"unauthorized", "403", "401", "invalid token", "authentication"},
		"the DNS provider refused the credentials: check the token in the DNS credentials file and its permissions (DNS edit on the zone of %s)"},
	{[]string{"time limit exceeded", "propagation", "did not return the expected txt record"},
		"the TXT record for %s was not visible in time: raise <PROVIDER>_PROPAGATION_TIMEOUT (at most 600 s) or point HALOY_DNS_RESOLVERS at the zone's servers"},
	{[]string{"connection refused", "i/o timeout", "timeout", "no route to host"},
		"the DNS server or provider API is unreachable from the sidecar: check DNSUPDATE_NAMESERVER (host:port) or the provider's API and the server's outbound network"},
	{[]string{"ratelimited", "rate limit", "too many"},
		"the CA's rate limit was reached: Haloy retries after its backoff; use init --acme-ca staging while testing"},
}

// dnsHint returns advice for a DNS-01 error of domain, or "".
func dnsHint(domain, lower string) string {
	for _, r := range dnsHintRules {
		for _, f := range r.fragments {
			if strings.Contains(lower, f) {
				return strings.ReplaceAll(r.hint, "%s", domain)
			}
		}
	}
	return ""
}

package certs

import (
	"strings"

	"github.com/haloydev/haloy/labels"
)

// hintRule maps error text fragments to advice for the human.
type hintRule struct {
	fragments []string
	hint      string // "%s" is replaced by the domain, "%p" by the challenge's port
}

// hintRules are tried in order; the first rule with a matching fragment wins.
var hintRules = []hintRule{
	{[]string{"ratelimited", "rate limit", "too many"},
		"the CA's rate limit was reached: Haloy retries after its backoff; use init --acme-ca staging while testing"},
	{[]string{"connecting to acme directory", "registering acme account"},
		"the sidecar cannot reach the CA: check the server's outbound network and init --acme-ca / --acme-ca-root"},
	{[]string{"dns problem", "nxdomain", "no valid a records", "servfail", "no such host", "error:dns"},
		"DNS for %s does not point here: create an A (or AAAA) record with this server's public address"},
	{[]string{"connection refused", "timeout", "timed out", "connection reset", "no route to host", "error:connection"},
		"port %p is unreachable from the CA: open port %p in the firewall and check that DNS for %s points at this server"},
	{[]string{"unauthorized", "invalid response", "404"},
		"the CA reached a server that did not answer the challenge: DNS for %s may point at another server, or something else answers on port %p"},
}

// hint returns advice for the error of domain's last attempt with
// challenge, or "".
func hint(domain, challenge, errText string) string {
	lower := strings.ToLower(errText)
	if challenge == labels.ChallengeDNS01 {
		return dnsHint(domain, lower)
	}
	port := "80"
	if challenge == labels.ChallengeTLSALPN01 {
		port = "443"
	}
	for _, r := range hintRules {
		for _, f := range r.fragments {
			if strings.Contains(lower, f) {
				return strings.NewReplacer("%s", domain, "%p", port).Replace(r.hint)
			}
		}
	}
	return ""
}

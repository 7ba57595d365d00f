package routing

import (
	"maps"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// TestBuildReportsEachAppsACME: the e-mail, DNS provider and a DNS-01
// request come from an app's newest container (a deploy's new settings
// apply before it serves), TLS-ALPN-01 exactly when the model passes it
// on, HTTP-01 otherwise; undecodable and refused containers give nothing.
func TestBuildReportsEachAppsACME(t *testing.T) {
	acme := func(email, challenge, provider string) mod {
		return func(c *Container) {
			c.Labels[labels.ACMEEmail], c.Labels[labels.ACMEChallenge] = email, challenge
			if provider != "" {
				c.Labels[labels.ACMEDNSProvider] = provider
			}
		}
	}
	cs := []Container{
		ctr("shop-old", "shop", dep1, "10.0.0.1", acme("old@example.com", labels.ChallengeHTTP01, "")),
		ctr("shop-new", "shop", dep2, "10.0.0.2", notReady, acme("new@example.com", labels.ChallengeDNS01, labels.DNSProviderRFC2136)),
		ctr("alpn-1", "alpn", dep1, "10.0.0.3", acme("a@example.com", labels.ChallengeTLSALPN01, "")),
		ctr("plain-1", "plain", "", "10.0.0.4"),
		ctr("refused-1", "refused", dep1, "10.0.0.5"),
		{ID: "bad", Name: "bad", Labels: map[string]string{labels.Role: "app"}, Running: true},
	}
	res := BuildWith(cs, Input{Admissions: Admissions{"id-refused-1": {Verdict: Refuse, Reason: "not registered"}}})
	want := map[string]ACME{
		"shop":  {Email: "new@example.com", Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136},
		"alpn":  {Email: "a@example.com", Challenge: labels.ChallengeTLSALPN01},
		"plain": {Challenge: labels.ChallengeHTTP01},
	}
	if !maps.Equal(res.ACME, want) {
		t.Errorf("ACME = %+v\nwant %+v", res.ACME, want)
	}
}

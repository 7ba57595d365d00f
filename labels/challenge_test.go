package labels

import "testing"

func TestChallengeDefaultsToHTTP01(t *testing.T) {
	r, err := Decode(valid())
	if err != nil {
		t.Fatal(err)
	}
	if r.ACMEChallenge != "" || r.Challenge() != ChallengeHTTP01 {
		t.Errorf("without the label: ACMEChallenge %q, Challenge() %q; want \"\" and %s", r.ACMEChallenge, r.Challenge(), ChallengeHTTP01)
	}
	if _, set := valid()[ACMEChallenge]; set {
		t.Errorf("Encode wrote %s for a route without a challenge", ACMEChallenge)
	}
	r, err = Decode(with(map[string]string{ACMEChallenge: ChallengeTLSALPN01}))
	if err != nil || r.Challenge() != ChallengeTLSALPN01 {
		t.Errorf("with %s=%s: %q, %v", ACMEChallenge, ChallengeTLSALPN01, r.Challenge(), err)
	}
}

func TestDNS01RoundTripsWithItsProvider(t *testing.T) {
	in := with(map[string]string{ACMEChallenge: ChallengeDNS01, ACMEDNSProvider: DNSProviderRFC2136})
	r, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Challenge() != ChallengeDNS01 || r.ACMEDNSProvider != DNSProviderRFC2136 {
		t.Fatalf("decoded challenge %q provider %q", r.Challenge(), r.ACMEDNSProvider)
	}
	out := Encode(r)
	if out[ACMEChallenge] != ChallengeDNS01 || out[ACMEDNSProvider] != DNSProviderRFC2136 {
		t.Errorf("Encode wrote %s=%q %s=%q", ACMEChallenge, out[ACMEChallenge], ACMEDNSProvider, out[ACMEDNSProvider])
	}
}

func TestWildcardDomainWithDNS01Decodes(t *testing.T) {
	r, err := Decode(with(map[string]string{ACMEChallenge: ChallengeDNS01, ACMEDNSProvider: "cloudflare",
		"dev.haloy.domain.0": "*.example.com", "dev.haloy.domain.0.alias.0": "example.com"}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Domains[0].Canonical != "*.example.com" {
		t.Errorf("canonical %q", r.Domains[0].Canonical)
	}
}

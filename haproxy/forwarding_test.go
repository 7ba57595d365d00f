package haproxy

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderTrustedProxiesGolden renders a sample with TLS and trusted
// proxies and has HAProxy check it.
func TestRenderTrustedProxiesGolden(t *testing.T) {
	s := tlsTestSettings
	s.TrustedProxies = []string{"10.0.0.0/8", "192.0.2.7", "2001:db8::/32"}
	golden := filepath.Join("testdata", "trusted-proxies.cfg")
	cfg := compareGolden(t, golden, Render(sampleModel(), s))
	if n := strings.Count(string(cfg), "acl "+trustedProxyACL+" src 10.0.0.0/8 192.0.2.7 2001:db8::/32\n"); n != 2 {
		t.Errorf("trusted_proxy declared %d times, want once per frontend", n)
	}
	checkConfig(t, withTLSFiles(t, cfg))
}

func TestParseTrustedProxies(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"10.0.0.0/8":               "10.0.0.0/8",
		" 10.1.2.3/8 , 192.0.2.7,": "10.0.0.0/8,192.0.2.7",
		"2001:db8::1/32,::1":       "2001:db8::/32,::1",
	} {
		got, err := ParseTrustedProxies(in)
		if err != nil || strings.Join(got, ",") != want {
			t.Errorf("ParseTrustedProxies(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0.1 10.0.0.2", "src 1.2.3.4", "#1"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted it", bad)
		}
	}
}

package labels

import (
	"strings"
	"testing"
)

func TestValidators(t *testing.T) {
	tests := []struct {
		name     string
		validate func(string) error
		ok, bad  []string
	}{
		{"app name", ValidateAppName,
			[]string{"web", "a", "my-app_2", "0app", strings.Repeat("a", 63)},
			[]string{"", "Web", "-web", "_web", "my app", "web.app", strings.Repeat("a", 64)}},
		{"domain", ValidateDomain,
			[]string{"example.com", "a.b", "*.example.com", "xn--bcher-kva.example", "a-b.c-d.e", strings.Repeat("a", 63) + ".com"},
			[]string{"", "localhost", "Example.com", "-a.com", "a-.com", "a..com", ".a.com", "a.com.", "*.com", "a.*.com", "a_b.com", strings.Repeat("a", 64) + ".com", strings.Repeat("a.", 127) + "com"}},
		{"port", ValidatePort,
			[]string{"1", "80", "8080", "65535"},
			[]string{"", "0", "-1", "+80", "080", "65536", "70000", "80a", " 80", "8 0"}},
		{"health check path", ValidateHealthCheckPath,
			[]string{"/", "/healthz", "/status?full=1&x=y", "/a/b-c_d.e~f", "/%20"},
			[]string{"", "healthz", "/a b", "/a\"b", "/a'b", "/a#b", "/a\\b", "/a\nb", "/a\tb", "/ä"}},
		{"deployment id", ValidateDeploymentID,
			[]string{"20240102150405", "19991231235959"},
			[]string{"", "2024010215040", "202401021504050", "20241302150405", "20240230150405", "2024010215040a", "-0240102150405"}},
		{"rollout", ValidateRollout,
			[]string{RolloutStartFirst, RolloutStopFirst},
			[]string{"", "start_first", "rolling", "Start-First"}},
		{"acme challenge", ValidateACMEChallenge,
			[]string{ChallengeHTTP01, ChallengeTLSALPN01, ChallengeDNS01},
			[]string{"", "HTTP-01", "tls-alpn", "http01", "dns01"}},
		{"dns provider", ValidateDNSProvider,
			DNSProviders,
			[]string{"", "RFC2136", "route53", "exec", "manual", "rfc2136 "}},
		{"container names", ValidateContainerNames,
			[]string{"web-1", "web-20240102150405-1,web-20240102150405-2", "a.b_c"},
			[]string{"", ",", "web-1,", "web-1, web-2", "-web", "web/1"}},
		{"email", ValidateEmail,
			[]string{"a@b", "ops@example.com", "ops+certs@sub.example.com", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 189)},
			[]string{"", "@example.com", "ops@", "ops.example.com", "o ps@example.com",
				"Ops <ops@example.com>", "a@example.com, b@example.com", `"o ps"@example.com`, "ops@example.com\x1b[2J",
				strings.Repeat("a", 64) + "@" + strings.Repeat("b", 190), strings.Repeat("a", 1<<20) + "@example.com"}},
	}
	for _, tt := range tests {
		for _, v := range tt.ok {
			if err := tt.validate(v); err != nil {
				t.Errorf("%s %q: unexpected error %v", tt.name, v, err)
			}
		}
		for _, v := range tt.bad {
			if err := tt.validate(v); err == nil {
				t.Errorf("%s %q: accepted, want an error", tt.name, v)
			}
		}
	}
}

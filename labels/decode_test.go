package labels

import (
	"errors"
	"strings"
	"testing"
)

// valid returns the labels of a good route; tests change one thing each.
func valid() map[string]string {
	return Encode(Route{
		AppName: "web", DeploymentID: "20240102150405",
		Domains: []Domain{{Canonical: "example.com", Aliases: []string{"www.example.com"}}},
	})
}

func with(set map[string]string, del ...string) map[string]string {
	l := valid()
	for _, k := range del {
		delete(l, k)
	}
	for k, v := range set {
		l[k] = v
	}
	return l
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		labels map[string]string
		label  string // the failing label key
		reason string // substring of Reason
		hint   string // substring of Hint
	}{
		{"missing appName", with(nil, AppName), AppName, "is missing", "app's name"},
		{"bad appName", with(map[string]string{AppName: "Web App"}), AppName, "lower-case", "app's name"},
		{"missing role", with(nil, Role), Role, "is missing", "dev.haloy.role=app"},
		{"role App", with(map[string]string{Role: "App"}), Role, "not a known role", "dev.haloy.role=app"},
		{"port 80a", with(map[string]string{Port: "80a"}), Port, "1 to 65535", "remove the label"},
		{"port 0", with(map[string]string{Port: "0"}), Port, "1 to 65535", "fix the value"},
		{"port 70000", with(map[string]string{Port: "70000"}), Port, "1 to 65535", "fix the value"},
		{"port with sign", with(map[string]string{Port: "+80"}), Port, "1 to 65535", "fix the value"},
		{"port with leading zero", with(map[string]string{Port: "080"}), Port, "1 to 65535", "fix the value"},
		{"empty port", with(map[string]string{Port: ""}), Port, "1 to 65535", "fix the value"},
		{"path without slash", with(map[string]string{HealthCheckPath: "healthz"}), HealthCheckPath, "start with '/'", "fix the value"},
		{"path with space", with(map[string]string{HealthCheckPath: "/health z"}), HealthCheckPath, "URL path characters", "fix the value"},
		{"path with hash", with(map[string]string{HealthCheckPath: "/h#x"}), HealthCheckPath, "URL path characters", "fix the value"},
		{"deployment id too short", with(map[string]string{DeploymentID: "2024"}), DeploymentID, "14 digits", "fix the value"},
		{"deployment id not a time", with(map[string]string{DeploymentID: "20241340150405"}), DeploymentID, "time stamp", "fix the value"},
		{"bad email", with(map[string]string{ACMEEmail: "ops.example.com"}), ACMEEmail, "e-mail", "fix the value"},
		{"alias without its domain", with(map[string]string{"dev.haloy.domain.3.alias.0": "x.example.com"}), "dev.haloy.domain.3.alias.0", "not set", "add dev.haloy.domain.3"},
		{"domain index not a number", with(map[string]string{"dev.haloy.domain.x": "x.example.com"}), "dev.haloy.domain.x", "not a domain label", "dev.haloy.domain.<i>"},
		{"domain index with leading zero", with(map[string]string{"dev.haloy.domain.01": "x.example.com"}), "dev.haloy.domain.01", "not a domain label", "numbers i and j"},
		{"alias index not a number", with(map[string]string{"dev.haloy.domain.0.alias.a": "x.example.com"}), "dev.haloy.domain.0.alias.a", "not a domain label", "alias.<j>"},
		{"mistyped appName", with(map[string]string{"dev.haloy.appname": "web"}), "dev.haloy.appname", "not a Haloy label", "did you mean dev.haloy.appName?"},
		{"mistyped domain prefix", with(map[string]string{"dev.haloy.domian.0": "x.example.com"}), "dev.haloy.domian.0", "not a Haloy label", "did you mean dev.haloy.domain.0?"},
		{"unknown label", with(map[string]string{"dev.haloy.completely-unrelated": "1"}), "dev.haloy.completely-unrelated", "not a Haloy label", "known labels are"},
		{"unknown rollout order", with(map[string]string{Rollout: "rolling"}), Rollout, "start-first or stop-first", "fix the value"},
		{"replaces with spaces", with(map[string]string{Rollout: RolloutStartFirst, Replaces: "web-1, web-2"}), Replaces, "separated by commas", "fix the value"},
		{"empty replaces", with(map[string]string{Replaces: ""}), Replaces, "container names", "fix the value"},
		{"mistyped rollout", with(map[string]string{"dev.haloy.rolout": RolloutStartFirst}), "dev.haloy.rolout", "not a Haloy label", "did you mean dev.haloy.rollout?"},
		{"dns-01 without a provider", with(map[string]string{ACMEChallenge: ChallengeDNS01}), ACMEDNSProvider, "is missing: dns-01 needs the DNS provider", "e.g. rfc2136"},
		{"provider without dns-01", with(map[string]string{ACMEDNSProvider: DNSProviderRFC2136}), ACMEDNSProvider, "only used with dev.haloy.acme.challenge=dns-01", "or remove dev.haloy.acme.dns-provider"},
		{"provider not linked", with(map[string]string{ACMEChallenge: ChallengeDNS01, ACMEDNSProvider: "route53"}), ACMEDNSProvider, "want one of cloudflare, digitalocean, dnsupdate, hetzner, rfc2136", "rfc2136 for a DNS server of your own"},
		{"mistyped provider", with(map[string]string{ACMEChallenge: ChallengeDNS01, ACMEDNSProvider: "rfc2163"}), ACMEDNSProvider, "not a DNS provider Haloy links", "did you mean rfc2136?"},
		{"mistyped challenge", with(map[string]string{ACMEChallenge: "tls-alpn01"}), ACMEChallenge, "not a challenge Haloy solves", "did you mean tls-alpn-01?"},
		{"unknown challenge", with(map[string]string{ACMEChallenge: "carrier-pigeon"}), ACMEChallenge, "want http-01, tls-alpn-01 or dns-01", "use http-01 (the default), tls-alpn-01 (port 443 only) or dns-01"},
		{"mistyped challenge label", with(map[string]string{"dev.haloy.acme.chalenge": ChallengeTLSALPN01}), "dev.haloy.acme.chalenge", "not a Haloy label", "did you mean dev.haloy.acme.challenge?"},
		{"upper-case domain", with(map[string]string{"dev.haloy.domain.0": "Example.com"}), "dev.haloy.domain.0", "lower-case", "host name"},
		{"single-label domain", with(map[string]string{"dev.haloy.domain.0": "localhost"}), "dev.haloy.domain.0", "fully qualified", "app.example.com"},
		{"domain with underscore", with(map[string]string{"dev.haloy.domain.0": "my_app.example.com"}), "dev.haloy.domain.0", "invalid part", "host name"},
		{"domain with trailing dot", with(map[string]string{"dev.haloy.domain.0": "example.com."}), "dev.haloy.domain.0", "invalid part", "host name"},
		{"no domain", with(nil, "dev.haloy.domain.0", "dev.haloy.domain.0.alias.0"), "dev.haloy.domain.0", "is missing", "cannot be routed"},
		{"alias repeats its domain", with(map[string]string{"dev.haloy.domain.0.alias.0": "example.com"}), "dev.haloy.domain.0.alias.0", "repeats the name of dev.haloy.domain.0", "once"},
		{"domain repeats an alias", with(map[string]string{"dev.haloy.domain.1": "www.example.com"}), "dev.haloy.domain.1", "repeats the name of dev.haloy.domain.0.alias.0", "once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.labels)
			le := findLabelError(t, err, tt.label)
			if !strings.Contains(le.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", le.Reason, tt.reason)
			}
			if !strings.Contains(le.Hint, tt.hint) {
				t.Errorf("Hint = %q, want it to contain %q", le.Hint, tt.hint)
			}
			if le.Value != tt.labels[tt.label] {
				t.Errorf("Value = %q, want %q", le.Value, tt.labels[tt.label])
			}
		})
	}
}

// findLabelError returns the error about label in err, failing the test if
// err is nil or names other labels.
func findLabelError(t *testing.T, err error, label string) *LabelError {
	t.Helper()
	if err == nil {
		t.Fatalf("Decode succeeded, want an error about %s", label)
	}
	var les LabelErrors
	if !errors.As(err, &les) {
		t.Fatalf("error %T is not LabelErrors: %v", err, err)
	}
	var found *LabelError
	for _, le := range les {
		switch {
		case le.Label == label && found == nil:
			found = le
		case le.Label == label:
			t.Errorf("label %s reported twice: %v", label, err)
		case !(label == "dev.haloy.appname" && le.Label == AppName):
			t.Errorf("unexpected error about another label: %v", le)
		}
	}
	if found == nil {
		t.Fatalf("no error about %s in: %v", label, err)
	}
	return found
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, err := Decode(map[string]string{
		Port:                 "0",
		"dev.haloy.domain.0": "localhost",
		"dev.haloy.prot":     "80",
	})
	var les LabelErrors
	if !errors.As(err, &les) {
		t.Fatalf("err = %v, want LabelErrors", err)
	}
	var got []string
	for _, le := range les {
		got = append(got, le.Label)
	}
	want := []string{AppName, "dev.haloy.domain.0", Port, "dev.haloy.prot", Role}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("labels in error = %v, want %v (sorted)", got, want)
	}
	var one *LabelError
	if !errors.As(err, &one) || one.Label != AppName {
		t.Errorf("errors.As(*LabelError) = %v, want the first error", one)
	}
}

func TestLabelErrorMessage(t *testing.T) {
	e := &LabelError{Label: Port, Value: "80a", Reason: "is not a port number from 1 to 65535", Hint: "fix it"}
	want := `label dev.haloy.port="80a": is not a port number from 1 to 65535 (fix it)`
	if e.Error() != want {
		t.Errorf("Error() = %s, want %s", e.Error(), want)
	}
	es := LabelErrors{e, {Label: Role, Reason: "is missing"}}
	want += `; label dev.haloy.role="": is missing`
	if es.Error() != want {
		t.Errorf("LabelErrors.Error() = %s, want %s", es.Error(), want)
	}
}

package certs

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

// container is a running, ready container with the labels of r.
func container(name string, created time.Time, r labels.Route) routing.Container {
	r.Port, r.HealthCheckPath = "80", "/"
	if r.DeploymentID == "" {
		r.DeploymentID = created.UTC().Format("20060102150405")
	}
	return routing.Container{ID: name, Name: name, Labels: labels.Encode(r), Running: true, Address: "10.0.0.1", Created: created, Ready: true}
}

func TestTargets(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	cs := []routing.Container{
		container("shop-old", t0, labels.Route{AppName: "shop", ACMEEmail: "old@example.com",
			Domains: []labels.Domain{{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"}}}}),
		container("shop-new", t0.Add(time.Hour), labels.Route{AppName: "shop", ACMEEmail: "new@example.com",
			Domains: []labels.Domain{{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"}}, {Canonical: "api.example.com"}}}),
		container("blog-1", t0.Add(2*time.Hour), labels.Route{AppName: "blog", ACMEChallenge: labels.ChallengeTLSALPN01,
			Domains: []labels.Domain{{Canonical: "blog.example.com"}, {Canonical: "api.example.com"}}}),
		container("wild-1", t0, labels.Route{AppName: "wild", ACMEChallenge: labels.ChallengeDNS01, ACMEDNSProvider: labels.DNSProviderRFC2136,
			Domains: []labels.Domain{{Canonical: "*.wild.example.com", Aliases: []string{"wild.example.com"}}}}),
		{ID: "bad", Name: "bad", Labels: map[string]string{labels.Role: "app"}, Running: true},
	}
	got := Targets(routing.Build(cs))
	want := []Target{
		{App: "wild", Canonical: "*.wild.example.com", Aliases: []string{"wild.example.com"}, Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136},
		{App: "shop", Canonical: "api.example.com", Email: "new@example.com", Challenge: labels.ChallengeHTTP01},
		{App: "blog", Canonical: "blog.example.com", Challenge: labels.ChallengeTLSALPN01},
		{App: "shop", Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"}, Email: "new@example.com", Challenge: labels.ChallengeHTTP01},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Targets =\n%+v\nwant\n%+v", got, want)
	}
}

// TestTargetsHonourOwners: an older squatter claiming an owned domain gets
// no certificate for it; the owner does, as the routing loop routes it.
func TestTargetsHonourOwners(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	cs := []routing.Container{
		container("squatter-1", t0, labels.Route{AppName: "squatter", Domains: []labels.Domain{{Canonical: "shop.example.com"}, {Canonical: "own.example.com"}}}),
		container("shop-1", t0.Add(time.Hour), labels.Route{AppName: "shop", Domains: []labels.Domain{{Canonical: "shop.example.com"}}}),
	}
	owners := func(host string) (string, bool) { return "shop", host == "shop.example.com" }
	var got []string
	for _, tg := range Targets(routing.BuildWith(cs, routing.Input{Owners: owners})) {
		got = append(got, tg.App+":"+tg.Canonical)
	}
	if g := strings.Join(got, " "); g != "squatter:own.example.com shop:shop.example.com" {
		t.Errorf("targets with owners = %s, want squatter:own.example.com shop:shop.example.com", g)
	}
	got = nil
	for _, tg := range Targets(routing.Build(cs)) {
		got = append(got, tg.App+":"+tg.Canonical)
	}
	if g := strings.Join(got, " "); !strings.Contains(g, "squatter:shop.example.com") {
		t.Errorf("without owners the older claimant should get the domain (the case owners fix): %s", g)
	}
}

func TestSkipReasonAndAliases(t *testing.T) {
	public := CA{DirectoryURL: acme.LetsEncryptProduction, Public: true}
	private := CA{DirectoryURL: "https://pebble:14000/dir"}
	tests := []struct {
		name    string
		target  Target
		ca      CA
		skip    bool
		aliases []string
	}{
		{"public name", Target{Canonical: "a.example.com", Aliases: []string{"www.a.example.com", "*.a.example.com", "a.test"}}, public, false, []string{"www.a.example.com"}},
		{"reserved with a public CA", Target{Canonical: "app.test"}, public, true, nil},
		{"localhost with a public CA", Target{Canonical: "hello.localhost"}, public, true, nil},
		{"single label", Target{Canonical: "intranet"}, public, true, nil},
		{"reserved with a private CA", Target{Canonical: "app.test", Aliases: []string{"www.app.test"}}, private, false, []string{"www.app.test"}},
		{"wildcard", Target{Canonical: "*.example.com"}, private, true, nil},
		{"wildcard with dns-01", Target{Canonical: "*.example.com", Aliases: []string{"example.com"}, Challenge: labels.ChallengeDNS01}, public, false, []string{"example.com"}},
		{"wildcard alias with dns-01", Target{Canonical: "example.com", Aliases: []string{"*.example.com"}, Challenge: labels.ChallengeDNS01}, public, false, []string{"*.example.com"}},
		{"reserved wildcard with dns-01 and a public CA", Target{Canonical: "*.app.test", Challenge: labels.ChallengeDNS01}, public, true, nil},
		{"ACME off", Target{Canonical: "a.example.com"}, CA{}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := skipReason(tt.target, tt.ca); (got != "") != tt.skip {
				t.Errorf("skipReason = %q, want skip=%v", got, tt.skip)
			}
			if tt.skip {
				return
			}
			if got := requestAliases(tt.target, tt.ca); !reflect.DeepEqual(got, tt.aliases) {
				t.Errorf("requestAliases = %v, want %v", got, tt.aliases)
			}
		})
	}
}

func TestResolveCA(t *testing.T) {
	tests := []struct {
		in      string
		want    CA
		wantErr bool
	}{
		{"", CA{DirectoryURL: acme.LetsEncryptProduction, Public: true}, false},
		{"production", CA{DirectoryURL: acme.LetsEncryptProduction, Public: true}, false},
		{"staging", CA{DirectoryURL: acme.LetsEncryptStaging, Public: true}, false},
		{"none", CA{}, false},
		{"https://pebble:14000/dir", CA{DirectoryURL: "https://pebble:14000/dir"}, false},
		{acme.LetsEncryptStaging, CA{DirectoryURL: acme.LetsEncryptStaging, Public: true}, false},
		{"http://pebble:14000/dir", CA{}, true},
		{"prod", CA{}, true},
	}
	for _, tt := range tests {
		got, err := ResolveCA(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ResolveCA(%q) = %+v, %v; want %+v, error=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestHint(t *testing.T) {
	tests := []struct{ challenge, err, want string }{
		{"", `acme: error: 429 :: POST :: urn:ietf:params:acme:error:rateLimited :: too many certificates`, "rate limit"},
		{"", `urn:ietf:params:acme:error:dns :: DNS problem: NXDOMAIN looking up A for a.example.com`, "DNS for a.example.com does not point here"},
		{"", `urn:ietf:params:acme:error:connection :: dial tcp 10.9.9.9:80: connect: connection refused`, "port 80 is unreachable"},
		{"", `urn:ietf:params:acme:error:unauthorized :: Invalid response from http://a.example.com/.well-known/acme-challenge/x: 404`, "did not answer the challenge"},
		{"", `connecting to ACME directory https://x/dir: dial tcp: lookup x: no such host`, "cannot reach the CA"},
		{labels.ChallengeTLSALPN01, `urn:ietf:params:acme:error:connection :: dial tcp 10.9.9.9:443: connect: connection refused`, "port 443 is unreachable"},
		{labels.ChallengeTLSALPN01, `urn:ietf:params:acme:error:unauthorized :: incorrect certificate for TLS-ALPN-01 challenge`, "something else answers on port 443"},
		{labels.ChallengeDNS01, `dnsupdate: failed to insert: DNS update failed: dns: bad authentication`, "refused the TSIG signature"},
		{labels.ChallengeDNS01, `DNS update failed: server 192.0.2.53:53 replied REFUSED for INSERT example.com.`, "allow the key to update TXT records"},
		{labels.ChallengeDNS01, `certificate for a.example.com: DNS provider rfc2136: missing DNS provider credential DNSUPDATE_TSIG_SECRET`, "add the named variable"},
		{labels.ChallengeDNS01, `dns01: time limit exceeded: last error: NS 192.0.2.53:53 did not return the expected TXT record`, "was not visible in time"},
		{labels.ChallengeDNS01, `cloudflare: failed to find zone example.com.: 403 Forbidden`, "zone of a.example.com"},
		{"", `something else`, ""},
		{"", ``, ""},
	}
	for _, tt := range tests {
		got := hint("a.example.com", tt.challenge, tt.err)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("hint(%q) = %q, want it to contain %q", tt.err, got, tt.want)
		}
	}
}

// TestTargetsFoldApexIntoWildcard: a DNS-01 wildcard domain and its apex
// routed as two domains of one app get one certificate; an apex of another
// app, or ordered with another challenge, keeps its own.
func TestTargetsFoldApexIntoWildcard(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	dns := func(name string, ds ...labels.Domain) routing.Container {
		return container(name, t0, labels.Route{AppName: name, ACMEChallenge: labels.ChallengeDNS01, ACMEDNSProvider: labels.DNSProviderRFC2136, Domains: ds})
	}
	cs := []routing.Container{
		dns("wild", labels.Domain{Canonical: "*.wild.example.com"}, labels.Domain{Canonical: "wild.example.com", Aliases: []string{"www.wild.example.com"}}),
		dns("other", labels.Domain{Canonical: "*.other.example.com"}),
		container("apex", t0, labels.Route{AppName: "apex", Domains: []labels.Domain{{Canonical: "other.example.com"}}}),
	}
	var got []string
	for _, tg := range Targets(routing.Build(cs)) {
		got = append(got, tg.App+" "+tg.Canonical+" "+strings.Join(tg.Aliases, ","))
	}
	want := []string{
		"other *.other.example.com ",
		"wild *.wild.example.com wild.example.com,www.wild.example.com",
		"apex other.example.com ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Targets:\n got %q\nwant %q", got, want)
	}
}

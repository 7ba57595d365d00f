package certs

import (
	"slices"
	"strings"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

// Target is a certificate the routed apps need: one canonical domain and
// its aliases, obtained with the app's ACME e-mail.
type Target struct {
	// App is the app the domain routes to.
	App string
	// Canonical is the canonical domain.
	Canonical string
	// Aliases are the domain's aliases.
	Aliases []string
	// Email is the app's dev.haloy.acme.email ("" for the default).
	Email string
	// Challenge is the app's challenge as routed (routing.ACME): the
	// TLS-ALPN-01 layout of HAProxy exists exactly when some target has
	// labels.ChallengeTLSALPN01.
	Challenge string
	// DNSProvider is the app's dev.haloy.acme.dns-provider (DNS-01 only).
	DNSProvider string
}

// Targets returns the certificates the routed apps need, sorted by
// domain, from a reconcile pass's build: its model has each domain with
// the app that got it (a domain claimed by two apps counts once, for the
// app that has it, and a squatter of an owned domain gets no certificate
// for it), and its ACME settings give each app's e-mail, challenge and
// DNS provider. Nothing is listed or decoded here.
func Targets(res routing.Result) []Target {
	var out []Target
	for _, app := range res.Model.Apps {
		a := res.ACME[app.Name]
		for _, d := range app.AllDomains() {
			out = append(out, Target{App: app.Name, Canonical: d.Canonical, Aliases: slices.Clone(d.Aliases),
				Email: a.Email, Challenge: orHTTP01(a.Challenge), DNSProvider: a.DNSProvider})
		}
	}
	out = foldApexes(out)
	slices.SortFunc(out, func(a, b Target) int { return strings.Compare(a.Canonical, b.Canonical) })
	return out
}

// orHTTP01 is challenge, or HTTP-01 for an app the build gave no settings.
func orHTTP01(challenge string) string {
	if challenge == "" {
		return labels.ChallengeHTTP01
	}
	return challenge
}

// foldApexes gives a DNS-01 wildcard domain and its apex, routed as two
// domains of one app, one certificate: the apex (and its aliases) become
// names of the wildcard's target, which HAProxy serves for the apex too
// (it picks certificates by their names).
func foldApexes(ts []Target) []Target {
	wild := map[string]int{} // app and apex -> index of the wildcard target
	for i, t := range ts {
		if t.Challenge == labels.ChallengeDNS01 && isWildcard(t.Canonical) {
			wild[t.App+" "+strings.TrimPrefix(t.Canonical, "*.")] = i
		}
	}
	apexes := map[int][]string{} // wildcard target index -> names folded into it
	keep := make([]bool, len(ts))
	for i, t := range ts {
		w, ok := wild[t.App+" "+t.Canonical]
		keep[i] = !ok || !sameOrder(ts[w], t)
		if !keep[i] {
			apexes[w] = append(append(apexes[w], t.Canonical), t.Aliases...)
		}
	}
	out := make([]Target, 0, len(ts))
	for i, t := range ts {
		if keep[i] {
			t.Aliases = append(t.Aliases, apexes[i]...)
			out = append(out, t)
		}
	}
	return out
}

// sameOrder reports whether two targets can be one order: the same
// account e-mail, challenge and DNS provider.
func sameOrder(a, b Target) bool {
	return a.Email == b.Email && a.Challenge == b.Challenge && a.DNSProvider == b.DNSProvider
}

// reservedSuffixes are the names no public CA issues for (RFC 2606, 6761, 6762).
var reservedSuffixes = []string{".test", ".example", ".invalid", ".localhost", ".local", ".internal"}

// skipReason says why no certificate is requested for t ("" to request one).
func skipReason(t Target, ca CA) string {
	switch {
	case !ca.Enabled():
		return "ACME is off (init --acme-ca none): HTTPS serves the self-signed certificate"
	case isWildcard(t.Canonical) && t.Challenge != labels.ChallengeDNS01:
		return "wildcard domains need the dns-01 challenge (acmeChallenge: dns-01 and acmeDNSProvider, labels " +
			labels.ACMEChallenge + " and " + labels.ACMEDNSProvider + "): HTTPS serves the self-signed certificate"
	case ca.Public && isReserved(t.Canonical):
		return "public CAs do not issue certificates for reserved names (.test, .example, .invalid, .localhost, .local, .internal): HTTPS serves the self-signed certificate"
	}
	return ""
}

// requestAliases are the aliases the certificate can cover: wildcard
// aliases need DNS-01 and a public CA refuses reserved names.
func requestAliases(t Target, ca CA) []string {
	var out []string
	dns01 := t.Challenge == labels.ChallengeDNS01
	for _, a := range t.Aliases {
		if (dns01 || !isWildcard(a)) && !(ca.Public && isReserved(a)) {
			out = append(out, a)
		}
	}
	return out
}

func isWildcard(name string) bool { return strings.HasPrefix(name, "*.") }

// isReserved reports whether name is a single label or under a reserved suffix.
func isReserved(name string) bool {
	if !strings.Contains(name, ".") {
		return true
	}
	for _, s := range reservedSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

package acme

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/haloydev/haloy/labels"
)

// Request asks for a certificate for one canonical domain and its aliases.
type Request struct {
	// Canonical names the certificate and its files; it is the first name
	// (common name) of the certificate.
	Canonical string
	// Aliases are the other names the certificate must cover.
	Aliases []string
	// App is the app that asks ("" for none): Limits count per app.
	App string
	// Email is the ACME account e-mail ("" means Config.DefaultEmail).
	Email string
	// Challenge is how the CA validates the names: labels.ChallengeHTTP01
	// ("" means it), labels.ChallengeTLSALPN01 or labels.ChallengeDNS01.
	Challenge string
	// DNSProvider is the DNS provider (labels.DNSProviders) that creates
	// the TXT records of a ChallengeDNS01 request; required with it.
	DNSProvider string

	// owner is the app whose own account serves the request: App when
	// the request has its own Email, "" for the default account. Set by
	// Manager.check, so that an app's e-mail never selects another
	// app's account, even when both name the same address.
	owner string
	// renewal is true when the domain has a certificate for exactly the
	// requested names: its orders and its account's registration are
	// never held back by the per-hour caps (set by Manager.ensure).
	renewal bool
}

// challenge returns the request's challenge type, defaulted and checked.
func (r Request) challenge() (string, error) {
	c := r.Challenge
	if c == "" {
		c = labels.ChallengeHTTP01
	}
	if err := labels.ValidateACMEChallenge(c); err != nil {
		return "", fmt.Errorf("challenge %q of %s: %w", r.Challenge, r.Canonical, err)
	}
	if field, reason, _ := labels.CheckDNSChallenge(c, r.DNSProvider); field != "" {
		return "", fmt.Errorf("certificate for %s: DNS provider %q %s", r.Canonical, r.DNSProvider, reason)
	}
	return c, nil
}

// names returns the validated names: Canonical first, then the aliases in
// order, duplicates removed.
func (r Request) names() ([]string, error) {
	wildcards := r.Challenge == labels.ChallengeDNS01
	if err := validateName(r.Canonical, wildcards); err != nil {
		return nil, fmt.Errorf("canonical domain %q: %w", r.Canonical, err)
	}
	names := []string{r.Canonical}
	for _, a := range r.Aliases {
		if err := validateName(a, wildcards); err != nil {
			return nil, fmt.Errorf("alias %q of %s: %w", a, r.Canonical, err)
		}
		if !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	return names, nil
}

// validateName accepts the names a challenge can prove: host names, and
// with DNS-01 (wildcards true) also wildcard names.
func validateName(name string, wildcards bool) error {
	if strings.HasPrefix(name, "*.") && !wildcards {
		return errors.New("wildcard names need the dns-01 challenge (acmeChallenge: dns-01 with an acmeDNSProvider)")
	}
	return validateStoreName(name)
}

// validateEmail accepts e-mail addresses that are also safe as a directory name.
func validateEmail(email string) error {
	if err := labels.ValidateEmail(email); err != nil {
		return err
	}
	if strings.ContainsAny(email, "/\\\x00") {
		return errors.New("must not contain '/', '\\' or NUL")
	}
	return nil
}

// sameNames reports whether a and b hold the same names, in any order.
func sameNames(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

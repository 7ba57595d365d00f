// Package certstatus is the certificate part of the sidecar's status: what
// `docker haloy status` shows per domain. It has no dependencies, so the
// CLI can read the status without linking the ACME client.
package certstatus

import "time"

// Report is the state of every routed domain's certificate.
type Report struct {
	// CA is the ACME directory URL certificates come from ("" when ACME is off).
	CA string `json:"ca,omitempty"`
	// Error says why certificates cannot be obtained at all ("" normally).
	Error string `json:"error,omitempty"`
	// LastCheck is when the domains were last checked.
	LastCheck time.Time `json:"lastCheck,omitzero"`
	// Domains are the routed canonical domains, sorted.
	Domains []Domain `json:"domains"`
}

// State summarises a domain's certificate.
type State string

const (
	// Valid: a certificate is served and renewal is not failing.
	Valid State = "valid"
	// Pending: no certificate yet and no failed attempt; the self-signed
	// fallback is served meanwhile.
	Pending State = "pending"
	// Failing: no certificate, the last attempt failed; the self-signed
	// fallback is served and the next attempt waits (NextAttempt).
	Failing State = "failing"
	// RenewalFailing: the current certificate is still served, but
	// obtaining its successor failed.
	RenewalFailing State = "renewal-failing"
	// Expired: the only certificate has expired.
	Expired State = "expired"
	// HeldBack: a cap on new orders or ACME accounts holds the order back
	// (LastError says which, NextAttempt until when); the current
	// certificate, if any, or the self-signed fallback is served meanwhile.
	HeldBack State = "held-back"
	// Skipped: no certificate is requested for the domain (see Hint).
	Skipped State = "skipped"
)

// Domain is one canonical domain's certificate. It is the only
// certificate status type: the ACME manager (acme.Manager.Status) fills in
// what its store knows (names, issuer, expiry, renewal, failures), and the
// certificate loop adds the app, the challenge, the state and the hint.
type Domain struct {
	// Domain is the canonical domain; the certificate also covers its aliases.
	Domain string `json:"domain"`
	// App is the app the domain routes to.
	App string `json:"app"`
	// Challenge is how the CA validates the domain: http-01, tls-alpn-01 or dns-01.
	Challenge string `json:"challenge,omitempty"`
	// State summarises the certificate.
	State State `json:"state"`
	// Names are the names the served certificate covers.
	Names []string `json:"names,omitempty"`
	// Issuer is the served certificate's issuer.
	Issuer string `json:"issuer,omitempty"`
	// NotAfter is the served certificate's expiry.
	NotAfter time.Time `json:"notAfter,omitzero"`
	// RenewAt is the planned renewal, when the CA suggested a window.
	RenewAt time.Time `json:"renewAt,omitzero"`
	// Failures counts consecutive failed attempts.
	Failures int `json:"failures,omitempty"`
	// LastError is the last failed attempt's error.
	LastError string `json:"lastError,omitempty"`
	// Hint says what to do about LastError, or why the domain is skipped.
	Hint string `json:"hint,omitempty"`
	// NextAttempt is the earliest next attempt after failures.
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
}

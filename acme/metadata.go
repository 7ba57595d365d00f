package acme

import "time"

// Metadata is what the store keeps beside a certificate: a readable copy
// of its key facts, the renewal schedule and the failure state. The bundle
// stays the truth about names and expiry; Metadata also exists for a
// domain whose first certificate has not been obtained yet.
type Metadata struct {
	// Domain is the canonical domain.
	Domain string `json:"domain"`
	// Names are the names of the stored certificate.
	Names []string `json:"names,omitempty"`
	// Issuer is the issuer of the stored certificate.
	Issuer string `json:"issuer,omitempty"`
	// NotAfter is the expiry of the stored certificate.
	NotAfter time.Time `json:"notAfter,omitzero"`
	// DirectoryURL is the ACME directory the certificate came from.
	DirectoryURL string `json:"directoryURL,omitempty"`
	// Email is the ACME account the certificate was obtained with.
	Email string `json:"email,omitempty"`
	// AccountApp is the app whose own account that is ("" for the
	// sidecar's default account).
	AccountApp string `json:"accountApp,omitempty"`
	// CertURL is the certificate's URL at the CA.
	CertURL string `json:"certURL,omitempty"`
	// ObtainedAt is when the stored certificate was obtained.
	ObtainedAt time.Time `json:"obtainedAt,omitzero"`
	// RenewalWindow is the CA's suggested renewal window (ACME Renewal
	// Information), if it gave one.
	RenewalWindow *Window `json:"renewalWindow,omitempty"`
	// RenewAt is the moment chosen inside RenewalWindow; zero without one.
	RenewAt time.Time `json:"renewAt,omitzero"`
	// RenewalInfoAfter is when the CA may next be asked for renewal information.
	RenewalInfoAfter time.Time `json:"renewalInfoAfter,omitzero"`
	// Failures counts the failed attempts since the last success.
	Failures int `json:"failures,omitempty"`
	// LastError is the error of the last failed attempt ("" after a success).
	LastError string `json:"lastError,omitempty"`
	// LastAttempt is when the CA was last asked for a certificate.
	LastAttempt time.Time `json:"lastAttempt,omitzero"`
	// NextAttempt is the earliest time of the next attempt after a failure.
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
}

// Window is a span of time.
type Window struct {
	// Start is the beginning of the window.
	Start time.Time `json:"start"`
	// End is the end of the window.
	End time.Time `json:"end"`
}

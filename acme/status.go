package acme

import (
	"errors"
	"io/fs"
	"slices"
	"time"
)

// CertStatus describes one domain's certificate for status output.
type CertStatus struct {
	// Domain is the canonical domain.
	Domain string `json:"domain"`
	// Names are the names the certificate covers.
	Names []string `json:"names,omitempty"`
	// Issuer is the certificate's issuer ("" without a certificate).
	Issuer string `json:"issuer,omitempty"`
	// NotAfter is the certificate's expiry (zero without a certificate).
	NotAfter time.Time `json:"notAfter,omitzero"`
	// RenewAt is when renewal is planned, if the CA gave a renewal window.
	RenewAt time.Time `json:"renewAt,omitzero"`
	// Failures counts consecutive failed attempts.
	Failures int `json:"failures,omitempty"`
	// LastError is the last attempt's error ("" after a success).
	LastError string `json:"lastError,omitempty"`
	// NextAttempt is the earliest next attempt after a failure.
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
}

// Status reports every domain in the store, sorted by domain. Store
// errors are reported in LastError of the affected domain (or of a
// pseudo-domain "" when the store cannot be listed).
func (m *Manager) Status() []CertStatus {
	domains, err := m.cfg.Store.Domains()
	if err != nil {
		return []CertStatus{{LastError: err.Error()}}
	}
	out := make([]CertStatus, 0, len(domains))
	for _, d := range domains {
		out = append(out, m.status(d))
	}
	return out
}

// status reports one domain.
func (m *Manager) status(domain string) CertStatus {
	s := CertStatus{Domain: domain}
	meta, err := m.cfg.Store.LoadMetadata(domain)
	if err != nil {
		s.LastError = err.Error()
		return s
	}
	s.Names, s.RenewAt = slices.Clone(meta.Names), meta.RenewAt
	s.Failures, s.LastError, s.NextAttempt = meta.Failures, meta.LastError, meta.NextAttempt
	cert, err := m.cfg.Store.LoadCertificate(domain)
	switch {
	case err == nil:
		s.Names, s.Issuer, s.NotAfter = cert.Names(), cert.Issuer(), cert.NotAfter()
	case !errors.Is(err, fs.ErrNotExist) && s.LastError == "":
		s.LastError = err.Error()
	}
	if !meta.NotAfter.Equal(s.NotAfter) {
		s.RenewAt = time.Time{} // the window belongs to another certificate
	}
	return s
}

// Current returns the stored certificate of domain, nil if it has none
// or it cannot be read. It never contacts the CA.
func (m *Manager) Current(domain string) *Certificate {
	cert, err := m.cfg.Store.LoadCertificate(domain)
	if err != nil {
		return nil
	}
	return cert
}

package acme

import (
	"errors"
	"io/fs"
	"slices"
	"time"

	"github.com/haloydev/haloy/wire/certstatus"
)

// Status reports every domain in the store, sorted by domain, in the
// status type the sidecar sends (the certificate loop adds the app,
// challenge, state and hint). Store errors are reported in LastError of
// the affected domain (or of a pseudo-domain "" when the store cannot be
// listed).
func (m *Manager) Status() []certstatus.Domain {
	domains, err := m.cfg.Store.Domains()
	if err != nil {
		return []certstatus.Domain{{LastError: err.Error()}}
	}
	out := make([]certstatus.Domain, 0, len(domains))
	for _, d := range domains {
		out = append(out, m.status(d))
	}
	return out
}

// status reports one domain.
func (m *Manager) status(domain string) certstatus.Domain {
	s := certstatus.Domain{Domain: domain}
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

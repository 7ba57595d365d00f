package acme

import (
	"context"
	"fmt"
	"time"

	"github.com/go-acme/lego/v5/acme/api"
	"github.com/go-acme/lego/v5/certcrypto"
	"github.com/go-acme/lego/v5/certificate"
)

// obtain asks the CA for a certificate for names, stores it and its
// metadata, and returns it; on failure it records the failure (backoff)
// and returns res, the current certificate, unchanged.
func (m *Manager) obtain(ctx context.Context, req Request, names []string, res Result, meta Metadata, reason string) (Result, error) {
	m.cfg.Logger.Info("obtaining certificate", "domain", req.Canonical, "names", names, "challenge", req.Challenge, "reason", reason)
	meta.LastAttempt = m.cfg.Now()
	cert, certURL, err := m.request(ctx, req, names, res.Certificate, meta)
	m.endWaits(names)
	if err == nil {
		err = m.cfg.Store.SaveCertificate(req.Canonical, cert.Bundle)
	}
	if err != nil {
		if ctx.Err() != nil {
			return res, fmt.Errorf("obtaining certificate for %s: %w", req.Canonical, err)
		}
		return res, m.recordFailure(meta, err)
	}
	meta = succeeded(meta, cert, m.cfg.DirectoryURL, req.Email, certURL)
	meta.AccountApp = req.owner
	meta = m.refreshRenewalInfo(ctx, req, cert, meta)
	m.cfg.Logger.Info("obtained certificate", "domain", req.Canonical, "names", names,
		"notAfter", cert.NotAfter(), "renewAt", meta.RenewAt)
	return Result{Domain: req.Canonical, BundlePath: res.BundlePath, Certificate: cert, Obtained: true}, nil
}

// request runs the ACME order for names and returns the new certificate
// and its URL. A renewal of the same names from the same CA and account
// tells the CA which certificate it replaces (RFC 9773). When the CA no
// longer knows the account, it is registered again and the order is
// tried once more at once; a second refusal fails the attempt.
func (m *Manager) request(ctx context.Context, req Request, names []string, old *Certificate, meta Metadata) (*Certificate, string, error) {
	order := certificate.ObtainRequest{Domains: names, KeyType: certcrypto.EC256, Bundle: true}
	if old != nil && sameNames(old.Names(), names) && meta.DirectoryURL == m.cfg.DirectoryURL && meta.Email == req.Email && meta.AccountApp == req.owner {
		order.ReplacesCertID, _ = api.MakeARICertID(old.Leaf) // without an ID, the order simply replaces nothing
	}
	r, err := m.order(ctx, req, order)
	if accountUnknown(err) {
		m.cfg.Logger.Warn("the CA does not know the ACME account; registering it again",
			"email", req.Email, "domain", req.Canonical, "error", err)
		m.forgetAccount(req)
		order.ReplacesCertID = "" // the new registration did not request the old certificate
		r, err = m.order(ctx, req, order)
		if accountUnknown(err) {
			m.forgetAccount(req)
		}
	}
	if err != nil {
		return nil, "", err
	}
	cert, err := ParseBundle(joinPEM(r.Certificate, r.PrivateKey))
	if err != nil {
		return nil, "", fmt.Errorf("certificate from the CA: %w", err)
	}
	return cert, r.CertURL, nil
}

// order runs one ACME order with the client of req's account and
// challenge, registering the account first when it has no registration.
func (m *Manager) order(ctx context.Context, req Request, order certificate.ObtainRequest) (*certificate.Resource, error) {
	client, err := m.client(ctx, req)
	if err != nil {
		return nil, err
	}
	return client.Certificate.Obtain(ctx, order)
}

// succeeded returns meta updated for a newly obtained certificate: facts
// copied, failures cleared, renewal information to be fetched.
func succeeded(meta Metadata, cert *Certificate, directoryURL, email, certURL string) Metadata {
	meta.Names = cert.Names()
	meta.Issuer = cert.Issuer()
	meta.NotAfter = cert.NotAfter()
	meta.DirectoryURL = directoryURL
	meta.Email = email
	meta.CertURL = certURL
	meta.ObtainedAt = meta.LastAttempt
	meta.RenewalWindow, meta.RenewAt, meta.RenewalInfoAfter = nil, time.Time{}, time.Time{}
	meta.Failures, meta.LastError, meta.NextAttempt = 0, "", time.Time{}
	return meta
}

// recordFailure counts a failed attempt, schedules the next one and
// saves meta; it returns the error to report.
func (m *Manager) recordFailure(meta Metadata, cause error) error {
	meta.Failures++
	meta.LastError = cause.Error()
	meta.NextAttempt = meta.LastAttempt.Add(backoffDelay(meta.Failures))
	if err := m.cfg.Store.SaveMetadata(meta); err != nil {
		m.cfg.Logger.Error("saving certificate metadata", "domain", meta.Domain, "error", err)
	}
	m.cfg.Logger.Warn("obtaining certificate failed", "domain", meta.Domain, "failures", meta.Failures,
		"nextAttempt", meta.NextAttempt, "error", cause)
	return fmt.Errorf("obtaining certificate for %s (failure %d, next attempt after %s): %w",
		meta.Domain, meta.Failures, meta.NextAttempt.Format(time.RFC3339), cause)
}

// joinPEM concatenates PEM texts, making sure each ends with a newline.
func joinPEM(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
		if len(p) > 0 && p[len(p)-1] != '\n' {
			out = append(out, '\n')
		}
	}
	return out
}

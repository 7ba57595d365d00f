package acme

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/go-acme/lego/v5/lego"
	"github.com/haloydev/haloy/labels"
)

// ErrNoTLSALPNProvider is returned for a TLS-ALPN-01 request to a Manager
// configured without a TLSALPNProvider.
var ErrNoTLSALPNProvider = errors.New("tls-alpn-01 requested, but the certificate manager has no TLS-ALPN-01 provider")

// Manager obtains and renews certificates into a Store. It contacts the
// CA only when a certificate is missing, covers other names, or is due
// for renewal, and never more often than the backoff after failures
// allows. It is safe for concurrent use.
type Manager struct {
	cfg Config

	locksMu sync.Mutex
	locks   map[string]*sync.Mutex // per canonical domain

	clientsMu sync.Mutex
	clients   map[clientKey]*lego.Client

	dns dnsState

	limits limiter
}

// clientKey picks a lego client: one per account and challenge type, so
// each client has exactly one solver and lego never tries another.
type clientKey struct {
	owner, email, challenge string
}

// Result is the certificate a domain has after Ensure or Renew.
type Result struct {
	// Domain is the canonical domain.
	Domain string
	// BundlePath is the PEM bundle file (it exists only if Certificate is set).
	BundlePath string
	// Certificate is the current certificate; nil if the domain has none.
	Certificate *Certificate
	// Obtained is true when the certificate was obtained by this call.
	Obtained bool
}

// NewManager checks cfg, fills in its defaults and returns a Manager. It
// does not contact the CA.
func NewManager(cfg Config) (*Manager, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Manager{
		cfg:     cfg,
		locks:   make(map[string]*sync.Mutex),
		clients: make(map[clientKey]*lego.Client),
	}, nil
}

// Ensure makes sure the domain has a certificate for exactly the
// requested names that is not due for renewal, obtaining one when needed.
// On error the Result still holds the current certificate, if any: a
// failure never removes it. A domain in backoff fails with an error
// wrapping ErrBackoff, without contacting the CA.
func (m *Manager) Ensure(ctx context.Context, req Request) (Result, error) {
	return m.ensure(ctx, req, false)
}

// Renew obtains a new certificate even if the current one is not due,
// unless the domain is in backoff.
func (m *Manager) Renew(ctx context.Context, req Request) (Result, error) {
	return m.ensure(ctx, req, true)
}

// ensure implements Ensure and Renew.
func (m *Manager) ensure(ctx context.Context, req Request, force bool) (Result, error) {
	req, names, err := m.check(req)
	if err != nil {
		return Result{}, err
	}
	defer m.lock(req.Canonical)()
	cert, meta, err := m.load(req.Canonical)
	if err != nil {
		return Result{}, err
	}
	res := Result{Domain: req.Canonical, BundlePath: m.cfg.Store.BundlePath(req.Canonical), Certificate: cert}
	req.renewal = cert != nil && sameNames(cert.Names(), names)
	reason := "renewal requested"
	if !force {
		reason = m.renewalReason(ctx, req, names, cert, &meta)
	}
	if reason == "" {
		return res, nil
	}
	if m.cfg.Now().Before(meta.NextAttempt) {
		return res, backoffError(meta)
	}
	if err := m.takeOrder(req); err != nil {
		return res, fmt.Errorf("certificate for %s: %w", req.Canonical, err)
	}
	return m.obtain(ctx, req, names, res, meta, reason)
}

// check validates req, fills in the default e-mail and returns the names
// the certificate must cover.
func (m *Manager) check(req Request) (Request, []string, error) {
	names, err := req.names()
	if err != nil {
		return req, nil, err
	}
	if req.Challenge, err = req.challenge(); err != nil {
		return req, nil, err
	}
	if req.Challenge == labels.ChallengeTLSALPN01 && m.cfg.TLSALPNProvider == nil {
		return req, nil, fmt.Errorf("certificate for %s: %w", req.Canonical, ErrNoTLSALPNProvider)
	}
	if req.Challenge == labels.ChallengeDNS01 {
		if _, err := m.dnsProvider(req.DNSProvider); err != nil {
			return req, nil, fmt.Errorf("certificate for %s: %w", req.Canonical, err)
		}
	}
	if req.Email == "" {
		req.Email, req.owner = m.cfg.DefaultEmail, ""
	} else if err := validateEmail(req.Email); err != nil {
		return req, nil, fmt.Errorf("e-mail %q of %s: %w", req.Email, req.Canonical, err)
	} else {
		req.owner = req.App
	}
	return req, names, nil
}

// backoffError tells that the domain of meta waits after failed attempts, and until when.
func backoffError(meta Metadata) error {
	return fmt.Errorf("certificate for %s: %w: %d failed so far, next attempt after %s; last error: %s",
		meta.Domain, ErrBackoff, meta.Failures, meta.NextAttempt.Format(time.RFC3339), meta.LastError)
}

// renewalReason decides whether a certificate must be obtained; when the
// stored one looks good and its renewal information may be polled, it
// asks the CA for it first (updating meta).
func (m *Manager) renewalReason(ctx context.Context, req Request, names []string, cert *Certificate, meta *Metadata) string {
	check := renewalCheck{cert: cert, names: names, directoryURL: m.cfg.DirectoryURL, renewBefore: m.cfg.RenewBefore}
	check.meta, check.now = *meta, m.cfg.Now()
	reason := renewalReason(check)
	if reason != "" || !renewalInfoDue(*meta, check.now) {
		return reason
	}
	*meta = m.refreshRenewalInfo(ctx, req, cert, *meta)
	check.meta = *meta
	return renewalReason(check)
}

// load reads the stored certificate (nil if none) and metadata of domain.
// An unreadable bundle is logged and treated as missing.
func (m *Manager) load(domain string) (*Certificate, Metadata, error) {
	meta, err := m.cfg.Store.LoadMetadata(domain)
	if err != nil {
		return nil, Metadata{}, err
	}
	cert, err := m.cfg.Store.LoadCertificate(domain)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			m.cfg.Logger.Error("ignoring unusable stored certificate", "domain", domain, "error", err)
		}
		return nil, meta, nil
	}
	return cert, meta, nil
}

// lock serializes work on one domain; call the returned function to unlock.
func (m *Manager) lock(domain string) func() {
	m.locksMu.Lock()
	l, ok := m.locks[domain]
	if !ok {
		l = new(sync.Mutex)
		m.locks[domain] = l
	}
	m.locksMu.Unlock()
	l.Lock()
	return l.Unlock
}

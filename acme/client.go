package acme

import (
	"context"
	"errors"
	"fmt"

	legoacme "github.com/go-acme/lego/v5/acme"
	"github.com/go-acme/lego/v5/lego"
	"github.com/go-acme/lego/v5/registration"
	"github.com/haloydev/haloy/labels"
)

// userAgent identifies Haloy to the CA.
const userAgent = "haloy"

// client returns the lego client of the account for email that solves
// challenge, loading or creating the account and registering it with the
// CA when needed. The clients of one account share its key and registration.
func (m *Manager) client(ctx context.Context, req Request) (*lego.Client, error) {
	m.clientsMu.Lock()
	defer m.clientsMu.Unlock()
	key := clientKey{owner: req.owner, email: req.Email, challenge: req.solver()}
	if c, ok := m.clients[key]; ok {
		return c, nil
	}
	acct, err := m.cfg.Store.loadOwnedAccount(m.cfg.DirectoryURL, req.owner, req.Email)
	if err != nil {
		return nil, err
	}
	c, err := m.newClient(acct, req)
	if err != nil {
		return nil, err
	}
	if acct.Registration == nil {
		if err := m.takeRegistration(req, acct); err != nil {
			return nil, err
		}
		if err := m.register(ctx, c, acct); err != nil {
			return nil, err
		}
	}
	if err := m.useParallelSolver(c, acct, req.Challenge); err != nil {
		return nil, err
	}
	m.clients[key] = c
	return c, nil
}

// newClient makes a lego client for acct that solves only req's
// challenge (with req's DNS provider for DNS-01); it fetches the CA's
// directory.
func (m *Manager) newClient(acct *account, req Request) (*lego.Client, error) {
	challenge := req.Challenge
	config := lego.NewConfig(acct)
	config.CADirURL = m.cfg.DirectoryURL
	config.HTTPClient = withPollHint(m.cfg.HTTPClient, ChallengePollInterval)
	config.UserAgent = userAgent
	c, err := lego.NewClient(config)
	if err != nil {
		return nil, fmt.Errorf("connecting to ACME directory %s: %w", m.cfg.DirectoryURL, err)
	}
	switch challenge {
	case labels.ChallengeTLSALPN01:
		err = c.Challenge.SetTLSALPN01Provider(m.cfg.TLSALPNProvider)
	case labels.ChallengeDNS01:
		err = m.setDNS01(c, req.DNSProvider)
	default:
		err = c.Challenge.SetHTTP01Provider(m.cfg.Provider)
	}
	if err != nil {
		return nil, fmt.Errorf("setting the %s provider: %w", challenge, err)
	}
	return c, nil
}

// register creates the account at the CA (agreeing to its terms of
// service) and saves the registration.
func (m *Manager) register(ctx context.Context, c *lego.Client, acct *account) error {
	reg, err := c.Registration.Register(ctx, registration.RegisterOptions{TermsOfServiceAgreed: true})
	if err != nil {
		return fmt.Errorf("registering ACME account %q: %w", acct.Email, err)
	}
	acct.Registration = reg
	m.cfg.Logger.Info("registered ACME account", "email", acct.Email, "app", acct.owner, "account", reg.Location)
	return m.cfg.Store.saveAccount(m.cfg.DirectoryURL, acct)
}

// accountUnknown tells whether err says the CA does not know the account
// (problem type accountDoesNotExist), as after a reset of the CA.
func accountUnknown(err error) bool {
	var problem *legoacme.ProblemDetails
	return errors.As(err, &problem) && problem.Type == legoacme.AccountDoesNotExistErrorType
}

// forgetAccount drops the cached clients and the saved registration of
// req's account (only that app's, for an app's own e-mail), so that the
// next client registers it again with the same key.
func (m *Manager) forgetAccount(req Request) {
	m.clientsMu.Lock()
	for key := range m.clients {
		if key.owner == req.owner && key.email == req.Email {
			delete(m.clients, key)
		}
	}
	m.clientsMu.Unlock()
	email := req.Email
	acct, err := m.cfg.Store.loadOwnedAccount(m.cfg.DirectoryURL, req.owner, email)
	if err == nil {
		acct.Registration = nil
		err = m.cfg.Store.saveAccount(m.cfg.DirectoryURL, acct)
	}
	if err != nil {
		m.cfg.Logger.Warn("forgetting unknown ACME account", "email", email, "error", err)
	}
}

package acme

import (
	"time"

	"fmt"

	"github.com/go-acme/lego/v5/acme/api"
	"github.com/go-acme/lego/v5/certificate"
	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/lego"
	"github.com/haloydev/haloy/labels"
)

// useParallelSolver makes c order certificates with a parallelSolver for
// its challenge (HTTP-01 or TLS-ALPN-01) instead of lego's resolver: every
// name of an order is validated at once and its result seen within about
// authzFirstPoll. acct must be registered (its account URL signs the
// requests). Other challenge types keep lego's resolver.
func (m *Manager) useParallelSolver(c *lego.Client, acct *account, challengeType string) error {
	var (
		typ      challenge.Type
		provider challenge.Provider
	)
	switch {
	case challengeType == labels.ChallengeTLSALPN01 && m.cfg.TLSALPNProvider != nil:
		typ, provider = challenge.TLSALPN01, m.cfg.TLSALPNProvider
	case challengeType == labels.ChallengeHTTP01 || challengeType == "":
		typ, provider = challenge.HTTP01, m.cfg.Provider
	default:
		return nil
	}
	core, err := api.New(m.cfg.HTTPClient, userAgent, m.cfg.DirectoryURL, acct.Registration.Location, acct.key)
	if err != nil {
		return fmt.Errorf("connecting to ACME directory %s: %w", m.cfg.DirectoryURL, err)
	}
	c.Certificate = certificate.NewCertifier(core, &parallelSolver{core: core, typ: typ, provider: provider},
		certificate.CertifierOptions{Timeout: certificateTimeout})
	return nil
}

// certificateTimeout bounds the wait for the CA to issue a finalized
// order; lego polls the order every 1/60 of it (0.5 s).
const certificateTimeout = 30 * time.Second

package daemon

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	legolog "github.com/go-acme/lego/v5/log"
	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/certs"
	"github.com/haloydev/haloy/sidecar/observe"
	"github.com/haloydev/haloy/wire"
)

// Environment variables `docker haloy init` sets on the sidecar.
const (
	// EnvACMEEmail is the default ACME account e-mail.
	EnvACMEEmail = contract.EnvACMEEmail
	// EnvACMECA is the CA: production, staging, none or a directory URL.
	EnvACMECA = contract.EnvACMECA
	// EnvACMECARoots holds PEM roots trusted for a custom CA's HTTPS API.
	EnvACMECARoots = contract.EnvACMECARoots
)

// Certificate folders.
const (
	// DefaultACMEDir is the ACME store on the sidecar's data volume.
	DefaultACMEDir = contract.DataDir + "/acme"
	// certsDir is the certificate folder inside the shared HAProxy folder.
	certsDir = "certs"
)

// Status is the sidecar's status: the routing loop's, plus certificates.
type Status = wire.DaemonStatus

// certFiles is the certificate folder shared with HAProxy.
func (c Config) certFiles() certs.Files {
	return certs.Files{
		Dir:        filepath.Join(c.ConfigDir, certsDir),
		HAProxyDir: filepath.Join(c.HAProxyDir, certsDir),
		UID:        HAProxyUID, GID: HAProxyUID,
	}
}

// tlsSettings is HAProxy's HTTPS frontend.
func (c Config) tlsSettings() haproxy.TLS {
	t := c.certFiles().TLS(haproxy.DefaultHTTPSPort)
	t.InternalSocket = c.HAProxyHTTPSSocket()
	return t
}

// challenges are the two challenge answerers the sidecar serves.
type challenges struct {
	http    *acme.HTTPProvider
	tlsALPN *acme.TLSALPNProvider
}

// startCerts prepares the shared certificate files (HAProxy needs them
// before it loads a configuration) and returns the certificate loop and
// the challenge answerers. An unusable CA setting does not stop the
// sidecar: routing goes on and the status reports the problem.
func startCerts(cfg Config, observations *observe.Feed, master haproxy.Master, runtime haproxy.Runtime, installed func([]certs.Bundle), log *slog.Logger) (*certs.Loop, challenges, error) {
	files := cfg.certFiles()
	fallback, err := files.Prepare(time.Now())
	if err != nil {
		return nil, challenges{}, err
	}
	ch := challenges{http: new(acme.HTTPProvider), tlsALPN: new(acme.TLSALPNProvider)}
	lc := certs.LoopConfig{
		Observations: observations,
		Installer:    &certs.Installer{Files: files, Runtime: runtime, Reloader: master, Log: log, Installed: installed},
		Fallback:     fallback,
		Log:          log,
	}
	lc.CA, lc.Issuer, lc.SetupError = newIssuer(ch, cfg.ACMELimits, log)
	log.Info("certificates", "ca", lc.CA.DirectoryURL, "error", lc.SetupError)
	return certs.NewLoop(lc), ch, nil
}

// serveTLSALPN answers TLS-ALPN-01 validation on addr until ctx ends.
func serveTLSALPN(ctx context.Context, addr string, p *acme.TLSALPNProvider, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening for TLS-ALPN-01 on %s: %w", addr, err)
	}
	return p.Serve(ctx, ln, log.With("component", "tls-alpn-01"))
}

// newIssuer sets up the ACME manager from the environment. It returns
// no issuer (and why, unless ACME is off) when it cannot.
func newIssuer(ch challenges, limits acme.Limits, log *slog.Logger) (certs.CA, certs.Issuer, string) {
	ca, err := certs.ResolveCA(os.Getenv(EnvACMECA))
	if err != nil {
		return ca, nil, err.Error()
	}
	if !ca.Enabled() {
		return ca, nil, ""
	}
	legolog.SetDefault(log.With("component", "lego"))
	m, err := acme.NewManager(acme.Config{
		DirectoryURL:    ca.DirectoryURL,
		CARootsPEM:      []byte(os.Getenv(EnvACMECARoots)),
		DefaultEmail:    os.Getenv(EnvACMEEmail),
		Store:           &acme.Store{Dir: DefaultACMEDir},
		Provider:        ch.http,
		TLSALPNProvider: ch.tlsALPN,
		// DNS-01 credentials: init --acme-dns-env-file stores them there
		// (haloy-sidecar acme-dns-credentials set), read again on change.
		DNSCredentialsFile: acme.DefaultDNSCredentialsFile,
		Limits:             limits,
		Logger:             log.With("component", "acme"),
	})
	if err != nil {
		return ca, nil, "setting up ACME: " + err.Error()
	}
	return ca, m, ""
}

// ACMELimitFlags registers the sidecar's flags of the ACME caps into l
// (a negative value turns a cap off).
func ACMELimitFlags(fs *flag.FlagSet, l *acme.Limits) {
	fs.IntVar(&l.NewOrdersPerHour, "acme-new-orders-per-hour", acme.DefaultNewOrdersPerHour, "new certificate orders per hour, all apps together (renewals are not counted)")
	fs.IntVar(&l.NewOrdersPerAppPerHour, "acme-new-orders-per-app-per-hour", acme.DefaultNewOrdersPerAppPerHour, "new certificate orders per hour of one app")
	fs.IntVar(&l.RegistrationsPerHour, "acme-registrations-per-hour", acme.DefaultRegistrationsPerHour, "ACME account registrations per hour, all apps together")
	fs.IntVar(&l.RegistrationsPerAppPerHour, "acme-registrations-per-app-per-hour", acme.DefaultRegistrationsPerAppPerHour, "ACME account registrations per hour of one app")
	fs.IntVar(&l.MaxAccounts, "acme-max-accounts", acme.DefaultMaxAccounts, "distinct ACME accounts at the CA")
}

// renewOnHangup renews every certificate when the sidecar gets SIGHUP
// (docker kill -s HUP haloy-sidecar), until ctx ends.
func renewOnHangup(ctx context.Context, loop *certs.Loop, log *slog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			log.Info("SIGHUP: renewing every certificate")
			loop.RenewAll()
		}
	}
}

package acme

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"time"
)

// Well-known ACME directory URLs.
const (
	// LetsEncryptProduction is Let's Encrypt's production directory.
	LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory"
	// LetsEncryptStaging is Let's Encrypt's staging directory (untrusted
	// certificates, generous rate limits).
	LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory"
)

// DefaultRenewBefore is how long before expiry a certificate is renewed
// when the CA gives no renewal window (ACME Renewal Information).
const DefaultRenewBefore = 30 * 24 * time.Hour

// Config configures a Manager.
type Config struct {
	// DirectoryURL is the ACME directory (default LetsEncryptProduction).
	DirectoryURL string
	// CARootsPEM, if set, are the only roots trusted for the CA's HTTPS
	// endpoint (for a private or test CA such as Pebble).
	CARootsPEM []byte
	// CACertFile, if set, names a PEM file read into CARootsPEM.
	CACertFile string
	// DefaultEmail is the ACME account e-mail used when a Request has none.
	// It may be empty: the account is then registered without contact.
	DefaultEmail string
	// Store keeps certificates and accounts. Required.
	Store *Store
	// Provider answers the HTTP-01 challenges. Required.
	Provider *HTTPProvider
	// TLSALPNProvider answers the TLS-ALPN-01 challenges; without it,
	// requests for that challenge fail with ErrNoTLSALPNProvider.
	TLSALPNProvider *TLSALPNProvider
	// DNSCredentials configure the DNS providers of DNS-01 requests (see
	// ReadDNSCredentialsFile); a provider whose required variables are
	// missing fails its requests with ErrDNSCredentialMissing.
	DNSCredentials DNSCredentials
	// DNSCredentialsFile, if set, is read into DNSCredentials before each
	// DNS-01 request whenever it changed (see WriteDNSCredentialsFile), so
	// new credentials take effect without a restart. A missing file means
	// no credentials.
	DNSCredentialsFile string
	// RenewBefore is the renewal margin used without ACME Renewal
	// Information (default DefaultRenewBefore, capped at a third of the
	// certificate's lifetime).
	RenewBefore time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives the manager's decisions (default: discarded).
	Logger *slog.Logger
	// Limits caps new orders and account registrations (zero fields take
	// the defaults).
	Limits Limits
	// HTTPClient talks to the CA (default: a client with timeouts that
	// trusts CARootsPEM if given, else the system roots).
	HTTPClient *http.Client
}

// normalize fills in defaults and reads CACertFile.
func (c *Config) normalize() error {
	if c.DirectoryURL == "" {
		c.DirectoryURL = LetsEncryptProduction
	}
	if c.RenewBefore <= 0 {
		c.RenewBefore = DefaultRenewBefore
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Limits.normalize()
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.CACertFile != "" && len(c.CARootsPEM) == 0 {
		pem, err := os.ReadFile(c.CACertFile)
		if err != nil {
			return fmt.Errorf("reading CA certificate file: %w", err)
		}
		c.CARootsPEM = pem
	}
	if c.HTTPClient == nil {
		client, err := newHTTPClient(c.CARootsPEM)
		if err != nil {
			return err
		}
		c.HTTPClient = client
	}
	return nil
}

// validate checks the settings normalize cannot default.
func (c *Config) validate() error {
	if c.Store == nil || c.Store.Dir == "" {
		return errors.New("a certificate store directory is required")
	}
	if c.Provider == nil {
		return errors.New("an HTTP-01 provider is required")
	}
	u, err := url.Parse(c.DirectoryURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("directory URL %q is not an https:// URL", c.DirectoryURL)
	}
	if c.DefaultEmail != "" {
		if err := validateEmail(c.DefaultEmail); err != nil {
			return fmt.Errorf("default e-mail: %w", err)
		}
	}
	return nil
}

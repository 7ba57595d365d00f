package acme

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	legoacme "github.com/go-acme/lego/v5/acme"
	"github.com/go-acme/lego/v5/registration"
	"github.com/haloydev/haloy/labels"
)

var _ registration.User = (*account)(nil)

const (
	accountKeyFile = "account.key"
	accountRegFile = "account.json"
	// noEmailDir names the account directory of an account without e-mail.
	noEmailDir = "no-email"
	// appsDir holds the accounts of apps' own e-mails, one folder per app.
	appsDir = "apps"
)

// account is an ACME account: its key and, once registered, its registration.
type account struct {
	// Email is the account's contact ("" for none).
	Email string `json:"email,omitempty"`
	// Registration is the CA's account object; nil until registered.
	Registration *legoacme.ExtendedAccount `json:"registration,omitempty"`
	key          crypto.Signer
	owner        string // the app whose own account it is ("" for the default)
}

// GetEmail implements registration.User.
func (a *account) GetEmail() string { return a.Email }

// GetRegistration implements registration.User.
func (a *account) GetRegistration() *legoacme.ExtendedAccount { return a.Registration }

// GetPrivateKey implements registration.User.
func (a *account) GetPrivateKey() crypto.Signer { return a.key }

// AccountDir is the directory of the sidecar's account for email at the
// CA of directoryURL.
func (s *Store) AccountDir(directoryURL, email string) (string, error) {
	return s.ownedAccountDir(directoryURL, "", email)
}

// AppAccountDir is the directory of app's own account for email at the
// CA of directoryURL: apps naming the same e-mail have separate accounts.
func (s *Store) AppAccountDir(directoryURL, app, email string) (string, error) {
	if err := labels.ValidateAppName(app); err != nil {
		return "", fmt.Errorf("account of app %q: %w", app, err)
	}
	return s.ownedAccountDir(directoryURL, app, email)
}

// ownedAccountDir is AccountDir for owner "" and AppAccountDir otherwise.
func (s *Store) ownedAccountDir(directoryURL, owner, email string) (string, error) {
	u, err := url.Parse(directoryURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("directory URL %q has no host", directoryURL)
	}
	host := strings.ReplaceAll(u.Host, ":", "_")
	name := noEmailDir
	if email != "" {
		if err := validateEmail(email); err != nil {
			return "", fmt.Errorf("e-mail %q: %w", email, err)
		}
		name = email
	}
	if owner != "" {
		if err := labels.ValidateAppName(owner); err != nil {
			return "", fmt.Errorf("account of app %q: %w", owner, err)
		}
		return filepath.Join(s.Dir, accountDir, host, appsDir, owner, name), nil
	}
	return filepath.Join(s.Dir, accountDir, host, name), nil
}

// loadOwnedAccount reads owner's account ("" for the sidecar's) for email
// at directoryURL, creating and saving a new key (unregistered) when
// there is none.
func (s *Store) loadOwnedAccount(directoryURL, owner, email string) (*account, error) {
	dir, err := s.ownedAccountDir(directoryURL, owner, email)
	if err != nil {
		return nil, err
	}
	key, err := s.loadOrCreateKey(filepath.Join(dir, accountKeyFile))
	if err != nil {
		return nil, err
	}
	acct := &account{Email: email, key: key, owner: owner}
	path := filepath.Join(dir, accountRegFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return acct, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := json.Unmarshal(data, acct); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	acct.Email = email
	return acct, nil
}

// saveAccount writes the registration of acct.
func (s *Store) saveAccount(directoryURL string, acct *account) error {
	dir, err := s.ownedAccountDir(directoryURL, acct.owner, acct.Email)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(acct, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding account: %w", err)
	}
	return s.writeFile(filepath.Join(dir, accountRegFile), append(data, '\n'))
}

// loadOrCreateKey reads the PEM private key at path, or generates an
// ECDSA P-256 key and writes it there.
func (s *Store) loadOrCreateKey(path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		return parseKey(path, data)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating account key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding account key: %w", err)
	}
	if err := s.writeFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		return nil, err
	}
	return key, nil
}

// parseKey decodes a PKCS#8 PEM private key read from path.
func parseKey(path string, data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("reading %s: no PEM block", path)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("reading %s: not a signing key", path)
	}
	return signer, nil
}

// registeredAccounts counts the apps' own accounts ever registered at
// the CA of directoryURL (the sidecar's own accounts, which no label
// chooses, are not counted) and tells whether acct is among them (a
// registration forgotten after a CA reset still counts).
func (s *Store) registeredAccounts(directoryURL string, acct *account) (bool, int, error) {
	dir, err := s.ownedAccountDir(directoryURL, acct.owner, acct.Email)
	if err != nil {
		return false, 0, err
	}
	top, err := s.AccountDir(directoryURL, "")
	if err != nil {
		return false, 0, err
	}
	regs, err := filepath.Glob(filepath.Join(filepath.Dir(top), appsDir, "*", "*", accountRegFile))
	if err != nil {
		return false, 0, fmt.Errorf("listing accounts: %w", err)
	}
	return slices.Contains(regs, filepath.Join(dir, accountRegFile)), len(regs), nil
}

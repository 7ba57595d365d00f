package acme

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Store keeps certificates, their metadata and ACME accounts under Dir:
//
//	Dir/certs/<domain>.pem                  certificate chain + private key (HAProxy "crt")
//	Dir/meta/<domain>.json                  Metadata: names, expiry, renewal schedule, errors
//	Dir/account/<ca-host>/<email>/          ACME account key and registration
//	Dir/tmp/                                files being written
//
// (<domain> is FileName(domain): "*.example.com" is "_wildcard.example.com".)
//
// Directories are 0700 and files 0600; every write is atomic. Dir/certs
// holds nothing but bundles, so it can be given to HAProxy as a crt
// directory.
type Store struct {
	// Dir is the root directory of the store.
	Dir string
}

const (
	certsDir   = "certs"
	metaDir    = "meta"
	accountDir = "account"
	tmpDir     = "tmp"
	bundleExt  = ".pem"
	metaExt    = ".json"
)

// CertsDir is the directory holding the PEM bundles.
func (s *Store) CertsDir() string { return filepath.Join(s.Dir, certsDir) }

// BundlePath is the PEM bundle file of domain.
func (s *Store) BundlePath(domain string) string {
	return filepath.Join(s.CertsDir(), FileName(domain)+bundleExt)
}

// metaPath is the metadata file of domain.
func (s *Store) metaPath(domain string) string {
	return filepath.Join(s.Dir, metaDir, FileName(domain)+metaExt)
}

// LoadCertificate reads and checks the bundle of domain. It returns an
// error wrapping fs.ErrNotExist when there is none.
func (s *Store) LoadCertificate(domain string) (*Certificate, error) {
	if err := validateStoreName(domain); err != nil {
		return nil, fmt.Errorf("domain %q: %w", domain, err)
	}
	path := s.BundlePath(domain)
	bundle, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	cert, err := ParseBundle(bundle)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return cert, nil
}

// SaveCertificate checks bundle (chain and matching key) and writes it as
// the bundle of domain.
func (s *Store) SaveCertificate(domain string, bundle []byte) error {
	if err := validateStoreName(domain); err != nil {
		return fmt.Errorf("domain %q: %w", domain, err)
	}
	if _, err := ParseBundle(bundle); err != nil {
		return fmt.Errorf("saving certificate of %s: %w", domain, err)
	}
	return s.writeFile(s.BundlePath(domain), bundle)
}

// LoadMetadata reads the metadata of domain; a domain without metadata
// yields the zero Metadata (with Domain set) and no error.
func (s *Store) LoadMetadata(domain string) (Metadata, error) {
	if err := validateStoreName(domain); err != nil {
		return Metadata{}, fmt.Errorf("domain %q: %w", domain, err)
	}
	path := s.metaPath(domain)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Metadata{Domain: domain}, nil
	}
	if err != nil {
		return Metadata{}, fmt.Errorf("reading %s: %w", path, err)
	}
	var m Metadata
	if err := json.Unmarshal(data, &m); err != nil {
		return Metadata{}, fmt.Errorf("reading %s: %w", path, err)
	}
	m.Domain = domain
	return m, nil
}

// SaveMetadata writes m as the metadata of m.Domain.
func (s *Store) SaveMetadata(m Metadata) error {
	if err := validateStoreName(m.Domain); err != nil {
		return fmt.Errorf("domain %q: %w", m.Domain, err)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding metadata of %s: %w", m.Domain, err)
	}
	return s.writeFile(s.metaPath(m.Domain), append(data, '\n'))
}

// Domains lists, sorted, the domains that have a bundle or metadata.
func (s *Store) Domains() ([]string, error) {
	var domains []string
	for _, d := range []struct{ dir, ext string }{{certsDir, bundleExt}, {metaDir, metaExt}} {
		names, err := listNames(filepath.Join(s.Dir, d.dir), d.ext)
		if err != nil {
			return nil, err
		}
		domains = append(domains, names...)
	}
	slices.Sort(domains)
	return slices.Compact(domains), nil
}

// listNames returns the valid domain names of the files in dir ending in ext.
func listNames(dir, ext string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ext)
		name = DomainOfFile(name)
		if ok && e.Type().IsRegular() && validateStoreName(name) == nil {
			names = append(names, name)
		}
	}
	return names, nil
}

// ensureRoot creates Dir with private permissions.
func (s *Store) ensureRoot() error {
	if s.Dir == "" {
		return errors.New("the certificate store has no directory")
	}
	return ensureDir(s.Dir)
}

// writeFile atomically replaces path, a file under Dir, with data.
func (s *Store) writeFile(path string, data []byte) error {
	if err := s.ensureRoot(); err != nil {
		return err
	}
	return writeFileAtomic(path, filepath.Join(s.Dir, tmpDir), data)
}

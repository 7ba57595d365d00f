package certs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/haproxy"
)

// Names of the files in the HAProxy certificate folder.
const (
	defaultCertName = "default.pem"
	crtListName     = "crt-list"
	hostsName       = "hosts.lst"
	bundleExt       = ".pem"
	// DefaultCertName is the name the self-signed fallback is issued for.
	DefaultCertName = "haloy-default.invalid"
	// defaultCertMinLife is how long the fallback must stay valid; a
	// fallback expiring sooner is generated anew.
	defaultCertMinLife = 30 * 24 * time.Hour
	certsDirMode       = 0o700
	certsFileMode      = 0o600
)

// Files is the certificate folder in the volume the sidecar shares with
// HAProxy. Every file in it belongs to HAProxy's user with mode 0600, the
// folder with mode 0700; writes are atomic.
type Files struct {
	// Dir is the folder as the sidecar sees it.
	Dir string
	// HAProxyDir is the same folder as HAProxy sees it.
	HAProxyDir string
	// UID and GID own the files (HAProxy's user); -1 leaves the owner as is.
	UID, GID int
}

// TLS returns the HAProxy settings of an HTTPS frontend on port using these files.
func (f Files) TLS(port int) haproxy.TLS {
	return haproxy.TLS{
		Port:        port,
		DefaultCert: f.haproxyPath(defaultCertName),
		CrtList:     f.haproxyPath(crtListName),
		HostsFile:   f.haproxyPath(hostsName),
	}
}

// haproxyPath is the path of the named file as HAProxy sees it.
func (f Files) haproxyPath(name string) string { return filepath.Join(f.HAProxyDir, name) }

// path is the path of the named file as the sidecar sees it.
func (f Files) path(name string) string { return filepath.Join(f.Dir, name) }

// bundleName is the file name of domain's bundle.
func bundleName(domain string) string { return acme.FileName(domain) + bundleExt }

// Prepare creates the folder, empty lists where there are none, and the
// self-signed fallback when it is missing or expires within 30 days. It
// returns the fallback bundle. HAProxy needs all three files before it
// loads a configuration with an HTTPS frontend.
func (f Files) Prepare(now time.Time) ([]byte, error) {
	if err := os.MkdirAll(f.Dir, certsDirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", f.Dir, err)
	}
	if err := f.own(f.Dir, certsDirMode); err != nil {
		return nil, err
	}
	for _, name := range []string{crtListName, hostsName} {
		if _, err := os.Stat(f.path(name)); errors.Is(err, fs.ErrNotExist) {
			if err := f.write(name, nil); err != nil {
				return nil, err
			}
		}
	}
	return f.ensureDefault(now)
}

// ensureDefault keeps a usable fallback or generates a new one.
func (f Files) ensureDefault(now time.Time) ([]byte, error) {
	if b, err := os.ReadFile(f.path(defaultCertName)); err == nil {
		if c, err := acme.ParseBundle(b); err == nil && c.NotAfter().Sub(now) > defaultCertMinLife {
			return b, nil
		}
	}
	b, err := acme.SelfSigned([]string{DefaultCertName})
	if err != nil {
		return nil, err
	}
	return b, f.write(defaultCertName, b)
}

// WriteBundle writes domain's bundle unless the file holds it already.
func (f Files) WriteBundle(domain string, bundle []byte) error {
	if old, err := os.ReadFile(f.path(bundleName(domain))); err == nil && bytes.Equal(old, bundle) {
		return nil
	}
	return f.write(bundleName(domain), bundle)
}

// RemoveBundlesExcept deletes the bundle files of every domain but the
// given ones; the fallback stays.
func (f Files) RemoveBundlesExcept(domains []string) error {
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return fmt.Errorf("listing %s: %w", f.Dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		file, isBundle := strings.CutSuffix(name, bundleExt)
		domain := acme.DomainOfFile(file)
		if !isBundle || name == defaultCertName || e.IsDir() || slices.Contains(domains, domain) {
			continue
		}
		if err := os.Remove(f.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", f.path(name), err)
		}
	}
	return nil
}

// WriteCrtList writes the crt-list of the domains' bundles.
func (f Files) WriteCrtList(domains []string) error {
	var b strings.Builder
	for _, d := range domains {
		b.WriteString(f.haproxyPath(bundleName(d)) + "\n")
	}
	return f.writeIfChanged(crtListName, []byte(b.String()))
}

// WriteHosts writes the list of host names with a valid certificate.
func (f Files) WriteHosts(names []string) error {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return f.writeIfChanged(hostsName, []byte(b.String()))
}

// writeIfChanged writes the named file unless it holds data already.
func (f Files) writeIfChanged(name string, data []byte) error {
	if old, err := os.ReadFile(f.path(name)); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return f.write(name, data)
}

// write replaces the named file atomically with data, owned by HAProxy's
// user, mode 0600.
func (f Files) write(name string, data []byte) error {
	path := f.path(name)
	tmp, err := os.CreateTemp(f.Dir, ".tmp-"+name+"-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = f.own(tmp.Name(), certsFileMode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// own gives path to HAProxy's user with mode.
func (f Files) own(path string, mode os.FileMode) error {
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("restricting %s: %w", path, err)
	}
	if f.UID < 0 && f.GID < 0 {
		return nil
	}
	if err := os.Chown(path, f.UID, f.GID); err != nil {
		return fmt.Errorf("handing %s to haproxy's user: %w", path, err)
	}
	return nil
}

package acme

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/haloydev/haloy/labels"
)

// DefaultDNSCredentialsFile is where the sidecar keeps the DNS providers'
// credentials on its data volume (0600, written by
// `haloy-sidecar acme-dns-credentials set`).
const DefaultDNSCredentialsFile = "/data/acme/dns-credentials.env"

// WriteDNSCredentialsFile checks data (ParseDNSCredentials) and writes it
// atomically to path with mode 0600, in a 0700 folder. It returns the
// variable names, never the values.
func WriteDNSCredentialsFile(path string, data []byte) ([]string, error) {
	c, err := ParseDNSCredentials(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(path, dir, data); err != nil {
		return nil, err
	}
	return c.Names(), nil
}

// dnsFileState remembers which version of the credentials file the
// providers were built from.
type dnsFileState struct {
	modTime time.Time
	size    int64
	loaded  bool
}

// refreshDNSCredentials rereads Config.DNSCredentialsFile when it changed
// since the last read and forgets the providers built from the old
// credentials; it reports whether they changed (the caller then forgets
// the DNS-01 clients too).
func (m *Manager) refreshDNSCredentials() (bool, error) {
	path := m.cfg.DNSCredentialsFile
	if path == "" {
		return false, nil
	}
	m.dns.mu.Lock()
	defer m.dns.mu.Unlock()
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		st, err = nil, nil
	}
	if err != nil {
		return false, err
	}
	var mod time.Time
	var size int64
	if st != nil {
		mod, size = st.ModTime(), st.Size()
	}
	f := &m.dns.file
	if f.loaded && mod.Equal(f.modTime) && size == f.size {
		return false, nil
	}
	creds := DNSCredentials{}
	if st != nil {
		if creds, err = ReadDNSCredentialsFile(path); err != nil {
			return false, err
		}
	}
	m.cfg.DNSCredentials = creds
	m.dns.providers = nil
	*f = dnsFileState{modTime: mod, size: size, loaded: true}
	if st != nil {
		m.cfg.Logger.Info("read DNS provider credentials", "file", path, "variables", creds.Names())
	}
	return true, nil
}

// forgetDNSClients drops the cached lego clients that solve DNS-01, so
// that the next order builds them with the current credentials.
func (m *Manager) forgetDNSClients() {
	m.clientsMu.Lock()
	defer m.clientsMu.Unlock()
	for key := range m.clients {
		if strings.HasPrefix(key.challenge, labels.ChallengeDNS01+"/") {
			delete(m.clients, key)
		}
	}
}

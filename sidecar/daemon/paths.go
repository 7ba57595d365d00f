package daemon

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/haloydev/haloy/contract"
)

// Socket and folder names inside the shared HAProxy folder.
const (
	runDir       = contract.RunDir
	masterSocket = contract.MasterSocket
	statsSocket  = "admin.sock"
	httpsSocket  = "https.sock"
)

// MasterSocket is the master CLI socket path as the sidecar sees it.
func (c Config) MasterSocket() string {
	return filepath.Join(c.ConfigDir, runDir, masterSocket)
}

// StatsSocket is the admin runtime socket path as the sidecar sees it.
func (c Config) StatsSocket() string {
	return filepath.Join(c.ConfigDir, runDir, statsSocket)
}

// HAProxyStatsSocket is the admin runtime socket path as HAProxy sees it.
func (c Config) HAProxyStatsSocket() string {
	return filepath.Join(c.HAProxyDir, runDir, statsSocket)
}

// HAProxyHTTPSSocket is the unix socket HAProxy's HTTPS frontend binds
// behind the TCP frontend of the TLS-ALPN-01 layout, as HAProxy sees it.
func (c Config) HAProxyHTTPSSocket() string {
	return filepath.Join(c.HAProxyDir, runDir, httpsSocket)
}

// prepareRunDir creates the folder HAProxy (an unprivileged user in the
// official image) creates its sockets in.
func (c Config) prepareRunDir() error {
	dir := filepath.Join(c.ConfigDir, runDir)
	if err := os.MkdirAll(dir, 0o770); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := os.Chown(dir, HAProxyUID, HAProxyUID); err != nil {
		return fmt.Errorf("handing %s to haproxy's user: %w", dir, err)
	}
	return nil
}

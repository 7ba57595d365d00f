package contract

import "path"

// Paths inside Haloy's own containers.
const (
	// HAProxyDir is where HAProxyVolume is mounted in HAProxy; it is the
	// official image's configuration folder.
	HAProxyDir = "/usr/local/etc/haproxy"
	// SidecarHAProxyDir is where the sidecar mounts HAProxyVolume.
	SidecarHAProxyDir = "/haproxy"
	// DataDir is where the sidecar mounts SidecarVolume.
	DataDir = "/data"
	// SidecarBinary is the sidecar's path inside its image.
	SidecarBinary = "/haloy-sidecar"
	// RunDir is the folder inside HAProxyVolume holding HAProxy's sockets.
	RunDir = "run"
	// MasterSocket is HAProxy's master CLI socket in RunDir.
	MasterSocket = "master.sock"
	// ConfigFile is HAProxy's configuration file in HAProxyVolume.
	ConfigFile = "haproxy.cfg"
)

// HAProxyMasterSocket is the master socket as HAProxy sees it: the -S
// argument HAProxy is started with.
func HAProxyMasterSocket() string {
	return path.Join(HAProxyDir, RunDir, MasterSocket)
}

// HAProxyConfigFile is haproxy.cfg as HAProxy sees it: its -f argument.
func HAProxyConfigFile() string {
	return path.Join(HAProxyDir, ConfigFile)
}

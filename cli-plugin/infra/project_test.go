package infra

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/haloydev/haloy/sidecar/daemon"
)

// TestPathsAgreeWithTheSidecar checks that the HAProxy command and volumes
// init writes match the paths the sidecar uses for its sockets and files.
func TestPathsAgreeWithTheSidecar(t *testing.T) {
	p := Project(Options{PublishAddr: "127.0.0.1", HTTPPort: 18080})
	hap, side := p.Services["haproxy"], p.Services["sidecar"]
	cfg := daemon.Config{ConfigDir: SidecarHAProxyDir, HAProxyDir: HAProxyDir, HAProxyContainer: HAProxyContainer}
	cfg.Normalize()
	// The master socket as HAProxy sees it: the sidecar's, in HAProxy's mount of the volume.
	master := path.Join(cfg.HAProxyDir, strings.TrimPrefix(cfg.MasterSocket(), cfg.ConfigDir))
	if i := slices.Index(hap.Command, "-S"); i < 0 || hap.Command[i+1] != master {
		t.Errorf("haproxy command %v does not pass -S %s", hap.Command, master)
	}
	if hap.Volumes[0].Source != HAProxyVolume || hap.Volumes[0].Target != cfg.HAProxyDir {
		t.Errorf("haproxy mounts %+v, want %s at %s", hap.Volumes[0], HAProxyVolume, cfg.HAProxyDir)
	}
	mounted := false
	for _, v := range side.Volumes {
		mounted = mounted || v.Source == HAProxyVolume && v.Target == cfg.ConfigDir
	}
	if !mounted {
		t.Errorf("sidecar mounts %+v, want %s at %s", side.Volumes, HAProxyVolume, cfg.ConfigDir)
	}
	if hap.Ports[0].HostIP != "127.0.0.1" || hap.Ports[0].Published != "18080" || hap.Ports[0].Target != 80 {
		t.Errorf("haproxy ports %+v, want 127.0.0.1:18080->80", hap.Ports)
	}
	if hap.StopSignal != "SIGUSR1" || hap.Sysctls["net.ipv4.ip_unprivileged_port_start"] != "0" {
		t.Errorf("haproxy needs SIGUSR1 and unprivileged port 80: %q %v", hap.StopSignal, hap.Sysctls)
	}
}

// TestSidecarAndGuardSuperviseEachOther checks that the sidecar is told
// the guard's name and the guard the sidecar's, and that the guard reaches
// the engine and nothing else.
func TestSidecarAndGuardSuperviseEachOther(t *testing.T) {
	p := Project(Options{})
	side, guard := p.Services["sidecar"], p.Services["guard"]
	if i := slices.Index(side.Command, "-guard-container"); i < 0 || side.Command[i+1] != GuardContainer {
		t.Errorf("sidecar command %v does not name the guard %s", side.Command, GuardContainer)
	}
	if !slices.Equal(guard.Command, []string{"guard", "-sidecar-container", SidecarContainer}) || guard.ContainerName != GuardContainer {
		t.Errorf("guard %s runs %v, want guard -sidecar-container %s", guard.ContainerName, guard.Command, SidecarContainer)
	}
	if guard.NetworkMode != "none" || len(guard.Volumes) != 1 || guard.Volumes[0].Source != hostRunDir || !guard.Volumes[0].ReadOnly {
		t.Errorf("guard network %q volumes %+v, want none and the engine's run folder read-only", guard.NetworkMode, guard.Volumes)
	}
}

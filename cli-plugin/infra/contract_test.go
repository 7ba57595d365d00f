package infra

import (
	"flag"
	"io"
	"reflect"
	"testing"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/sidecar/daemon"
)

// TestSidecarReadsWhatInitWrites renders init's project with every option
// that reaches the sidecar, feeds the sidecar service's command line to
// the sidecar's own flag parsing and checks the Config it gets, and the
// guard's command line to the guard's.
func TestSidecarReadsWhatInitWrites(t *testing.T) {
	p := Project(Options{MetricsPort: 9100, TrustedProxies: []string{"10.0.0.0/8"}, ACMEEmail: "ops@example.com"})
	side, guard := p.Services["sidecar"], p.Services["guard"]
	fs := flag.NewFlagSet("haloy-sidecar", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg, err := daemon.ParseFlags(fs, side.Command)
	if err != nil {
		t.Fatalf("the sidecar refuses init's command line %v: %v", side.Command, err)
	}
	if cfg.HAProxyContainer != contract.HAProxyContainer || cfg.GuardContainer != contract.GuardContainer || cfg.Network != contract.Network {
		t.Errorf("containers/network = %s %s %s, want %s %s %s", cfg.HAProxyContainer, cfg.GuardContainer, cfg.Network,
			contract.HAProxyContainer, contract.GuardContainer, contract.Network)
	}
	if cfg.ConfigDir != contract.SidecarHAProxyDir || cfg.HAProxyDir != contract.HAProxyDir {
		t.Errorf("folders = %s %s, want %s %s", cfg.ConfigDir, cfg.HAProxyDir, contract.SidecarHAProxyDir, contract.HAProxyDir)
	}
	if want := []string{"10.0.0.0/8"}; !reflect.DeepEqual(cfg.TrustedProxies, want) {
		t.Errorf("TrustedProxies = %v, want %v", cfg.TrustedProxies, want)
	}
	if cfg.HAProxyMetricsPort == 0 {
		t.Error("metrics on, but the sidecar does not turn on HAProxy's exporter")
	}
	if v := side.Environment[contract.EnvACMEEmail]; v == nil || *v != "ops@example.com" {
		t.Errorf("sidecar environment %v lacks %s", side.Environment, contract.EnvACMEEmail)
	}
	mounts := map[string]string{}
	for _, v := range side.Volumes {
		mounts[v.Source] = v.Target
	}
	if mounts[contract.HAProxyVolume] != cfg.ConfigDir || mounts[contract.SidecarVolume] != contract.DataDir {
		t.Errorf("sidecar mounts %v, want %s at %s and %s at %s", mounts, contract.HAProxyVolume, cfg.ConfigDir, contract.SidecarVolume, contract.DataDir)
	}
	if len(guard.Command) == 0 || guard.Command[0] != contract.GuardCommand {
		t.Fatalf("guard command %v does not start with %q", guard.Command, contract.GuardCommand)
	}
	name, err := daemon.ParseGuardFlags(guard.Command[1:])
	if err != nil || name != contract.SidecarContainer {
		t.Errorf("guard brings back %q (%v), want %s", name, err, contract.SidecarContainer)
	}
}

// Package infra describes and starts Haloy's own containers, HAProxy and the
// sidecar, as a Compose project named "haloy" on the "haloy" network.
package infra

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/version"
)

// Names of Haloy's own Docker objects.
const (
	ProjectName      = contract.ProjectName
	NetworkName      = contract.Network
	HAProxyVolume    = contract.HAProxyVolume
	SidecarVolume    = contract.SidecarVolume
	HAProxyContainer = contract.HAProxyContainer
	SidecarContainer = contract.SidecarContainer
	// GuardContainer runs the sidecar image's guard, which brings the
	// sidecar back when it dies (the sidecar does the same for it).
	GuardContainer = contract.GuardContainer
	// HAProxyDir is where the shared volume is mounted in HAProxy; it is
	// the official image's configuration folder.
	HAProxyDir = contract.HAProxyDir
	// SidecarHAProxyDir is where the sidecar mounts the same volume.
	SidecarHAProxyDir = contract.SidecarHAProxyDir
	// SidecarBinary is the sidecar's path inside its image.
	SidecarBinary = contract.SidecarBinary
)

// Defaults of Options.
const (
	DefaultHAProxyImage = "haproxy:3.2"
	DefaultPublishAddr  = "0.0.0.0"
	DefaultHTTPPort     = 80
)

// DefaultSidecarImage is the sidecar image matching this CLI's version.
var DefaultSidecarImage = "haloydev/haloy-sidecar:" + version.Version

// Options are what `docker haloy init` can choose.
type Options struct {
	// SidecarImage and HAProxyImage are the images to run.
	SidecarImage string
	HAProxyImage string
	// PublishAddr is the host address HAProxy's ports are published on.
	PublishAddr string
	// HTTPPort is the host port published for HTTP.
	HTTPPort int
	// ACMEEmail is the default ACME account e-mail.
	ACMEEmail string
	// HTTPSPort is the host port published for HTTPS.
	HTTPSPort int
	// ACMECA is the CA certificates come from: production (default),
	// staging, none (self-signed only) or an ACME directory URL.
	ACMECA string
	// ACMECARoots are PEM roots the sidecar trusts for a custom CA's API.
	ACMECARoots string
	// APIDomain, when set, routes this domain through HAProxy to the
	// sidecar's HTTP API ("" leaves the API unreachable from outside).
	APIDomain string
	// MetricsPort, when not 0, publishes the sidecar's Prometheus metrics
	// on PublishAddr:MetricsPort and HAProxy's own exporter on
	// PublishAddr:MetricsPort+1, both at /metrics. 0 publishes neither.
	MetricsPort int
	// TrustedProxies, when set, is the sidecar's -trusted-proxies list:
	// addresses and CIDR networks whose X-Forwarded-* headers HAProxy keeps.
	TrustedProxies []string
	// Explicit are the init flags given on a command line (see Recorded);
	// they are recorded, not applied.
	Explicit []string `json:"-"`
}

// Normalize fills in defaults.
func (o *Options) Normalize() {
	if o.SidecarImage == "" {
		o.SidecarImage = DefaultSidecarImage
	}
	if o.HAProxyImage == "" {
		o.HAProxyImage = DefaultHAProxyImage
	}
	if o.PublishAddr == "" {
		o.PublishAddr = DefaultPublishAddr
	}
	if o.HTTPPort == 0 {
		o.HTTPPort = DefaultHTTPPort
	}
	if o.HTTPSPort == 0 {
		o.HTTPSPort = DefaultHTTPSPort
	}
}

// Project is the Compose project of Haloy's own containers.
func Project(o Options) *types.Project {
	o.Normalize()
	return &types.Project{
		Name:     ProjectName,
		Services: types.Services{"sidecar": sidecarService(o), "haproxy": haproxyService(o), "guard": guardService(o)},
		Networks: types.Networks{NetworkName: types.NetworkConfig{Name: NetworkName, External: true}},
		Volumes: types.Volumes{
			HAProxyVolume: types.VolumeConfig{Name: HAProxyVolume, External: true},
			SidecarVolume: types.VolumeConfig{Name: SidecarVolume, External: true},
		},
	}
}

// The sidecar reaches the engine through the host's run folder, mounted
// read-only, not through a mount of the socket file itself: an engine
// restart replaces the socket, and a file mount would keep pointing at the
// old one, leaving the sidecar cut off while its containers live on
// (live-restore). Connecting to a socket works on a read-only mount.
const (
	hostRunDir          = "/var/run"
	sidecarRunDir       = "/host/run"
	sidecarEngineSocket = sidecarRunDir + "/docker.sock"
)

func sidecarService(o Options) types.ServiceConfig {
	svc := types.ServiceConfig{Name: "sidecar", ContainerName: SidecarContainer, Restart: types.RestartPolicyUnlessStopped}
	svc.Image = o.SidecarImage
	svc.Command = types.ShellCommand{
		contract.Arg(contract.FlagHAProxyContainer), HAProxyContainer,
		contract.Arg(contract.FlagGuardContainer), GuardContainer,
		contract.Arg(contract.FlagConfigDir), SidecarHAProxyDir,
		contract.Arg(contract.FlagHAProxyDir), HAProxyDir,
	}
	svc.Environment = types.NewMappingWithEquals([]string{contract.EnvACMEEmail + "=" + o.ACMEEmail, "DOCKER_HOST=unix://" + sidecarEngineSocket})
	withACME(&svc, o)
	withSidecarMetrics(&svc, o)
	if len(o.TrustedProxies) > 0 {
		svc.Command = append(svc.Command, contract.Arg(contract.FlagTrustedProxies), strings.Join(o.TrustedProxies, ","))
	}
	withAPIDomain(&svc, o)
	withSettings(&svc, o)
	svc.Networks = map[string]*types.ServiceNetworkConfig{NetworkName: {Aliases: []string{SidecarContainer}}}
	svc.Volumes = []types.ServiceVolumeConfig{
		{Type: types.VolumeTypeBind, Source: hostRunDir, Target: sidecarRunDir, ReadOnly: true},
		{Type: types.VolumeTypeVolume, Source: HAProxyVolume, Target: SidecarHAProxyDir},
		{Type: types.VolumeTypeVolume, Source: SidecarVolume, Target: contract.DataDir},
	}
	return svc
}

// guardService runs the sidecar image's guard: it only watches the
// sidecar container and starts it when it dies, since Docker's restart
// policy leaves a killed container down. It needs the engine and nothing
// else: no network, no volume.
func guardService(o Options) types.ServiceConfig {
	svc := types.ServiceConfig{Name: "guard", ContainerName: GuardContainer, Restart: types.RestartPolicyUnlessStopped}
	svc.Image = o.SidecarImage
	svc.Command = types.ShellCommand{contract.GuardCommand, contract.Arg(contract.FlagSidecarContainer), SidecarContainer}
	svc.Environment = types.NewMappingWithEquals([]string{"DOCKER_HOST=unix://" + sidecarEngineSocket})
	svc.NetworkMode = "none"
	svc.Volumes = []types.ServiceVolumeConfig{{Type: types.VolumeTypeBind, Source: hostRunDir, Target: sidecarRunDir, ReadOnly: true}}
	return svc
}

func haproxyService(o Options) types.ServiceConfig {
	grace := types.Duration(30 * time.Second)
	svc := types.ServiceConfig{Name: "haproxy", ContainerName: HAProxyContainer, Restart: types.RestartPolicyUnlessStopped}
	svc.Image = o.HAProxyImage
	svc.Command = types.ShellCommand{"haproxy", "-W", "-db",
		"-S", contract.HAProxyMasterSocket(),
		"-f", contract.HAProxyConfigFile()}
	svc.StopSignal = "SIGUSR1"
	svc.StopGracePeriod = &grace
	svc.Sysctls = types.Mapping{"net.ipv4.ip_unprivileged_port_start": "0"}
	svc.Networks = map[string]*types.ServiceNetworkConfig{NetworkName: nil}
	svc.Ports = []types.ServicePortConfig{
		{Target: 80, Published: strconv.Itoa(o.HTTPPort), HostIP: o.PublishAddr, Protocol: "tcp"},
	}
	withHTTPS(&svc, o)
	svc.Volumes = []types.ServiceVolumeConfig{{Type: types.VolumeTypeVolume, Source: HAProxyVolume, Target: HAProxyDir}}
	withHAProxyMetrics(&svc, o)
	return svc
}

// String describes where HAProxy answers, for humans.
func (o Options) String() string {
	return fmt.Sprintf("http://%s:%d", o.PublishAddr, o.HTTPPort)
}

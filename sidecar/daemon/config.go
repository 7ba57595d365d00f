// Package daemon wires the sidecar's parts together: the Docker engine
// view, the health prober, the reconcile loop, the HAProxy applier and the
// control socket.
package daemon

import (
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/sidecar/membership"
	"github.com/haloydev/haloy/sidecar/metrics"
	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// Defaults of Config.
const (
	DefaultNetwork          = contract.Network
	DefaultHAProxyContainer = contract.HAProxyContainer
	// DefaultSidecarContainer is the container the guard supervises.
	DefaultSidecarContainer = contract.SidecarContainer
	DefaultConfigDir        = contract.SidecarHAProxyDir
	DefaultHAProxyDir       = contract.HAProxyDir
	DefaultListen           = ":8080"
	// DefaultTLSALPNListen is the sidecar's TLS-ALPN-01 listener; HAProxy
	// reaches it as haproxy.DefaultTLSALPNServer.
	DefaultTLSALPNListen = ":8444"
	// HAProxyUID is the user the official HAProxy image runs as; it must be
	// able to create its sockets in the run folder.
	HAProxyUID = 99
)

// Config is everything the sidecar is told at start.
type Config struct {
	// Network is the Docker network apps and HAProxy share.
	Network string
	// HAProxyContainer is the name of the HAProxy container.
	HAProxyContainer string
	// GuardContainer is the name of the guard container, which the
	// sidecar brings back when it dies ("": none).
	GuardContainer string
	// ConfigDir is the shared HAProxy folder as the sidecar sees it.
	ConfigDir string
	// HAProxyDir is the same folder as HAProxy sees it.
	HAProxyDir string
	// Listen is the address of the sidecar's HTTP listener (ACME challenges).
	Listen string
	// TLSALPNListen is the address of the TLS listener answering ACME
	// TLS-ALPN-01 challenges, which HAProxy passes acme-tls/1 connections to.
	TLSALPNListen string
	// ControlSocket is the path of the local control socket.
	ControlSocket string
	// Resync is the period of full relists without events.
	Resync time.Duration
	// APIListen is the address of the HTTP API inside the haloy network
	// ("" takes api.DefaultListen); HAProxy routes the API domain to it.
	APIListen string
	// MetricsListen is the address of the sidecar's Prometheus metrics
	// listener ("" takes metrics.DefaultListen).
	MetricsListen string
	// HAProxyMetricsPort, when not 0, makes HAProxy serve its own Prometheus
	// exporter on this port (see haproxy.Settings.MetricsPort).
	HAProxyMetricsPort int
	// TrustedProxies are the addresses and CIDR networks whose
	// X-Forwarded-* headers HAProxy keeps (see
	// haproxy.Settings.TrustedProxies); empty trusts none.
	TrustedProxies []string
	// MembershipFile is the app membership state on the data volume
	// ("" takes membership.DefaultFile).
	MembershipFile string
	// RegisteredOnly routes only deployments a deploy registered: plain
	// Compose and Portainer apps are refused.
	RegisteredOnly bool
	// ACMELimits caps new certificate orders and ACME account
	// registrations (zero fields take the acme.Default* values).
	ACMELimits acme.Limits
	// OwnershipFile is where domain owners are kept ("" takes
	// ownership.DefaultFile).
	OwnershipFile string
	// DomainGrace is how long an app with no containers keeps its domains
	// (0 takes ownership.DefaultGrace).
	DomainGrace time.Duration
	// FollowListen is where followers (HAProxy on other ingress nodes)
	// poll the routing state and certificates ("" takes DefaultFollowListen).
	FollowListen string
	// FollowTokenFile is the follower token ("" takes contract.FollowTokenFile).
	FollowTokenFile string
	// ControlTokenFile is the relays' control token ("" takes
	// contract.ControlTokenFile).
	ControlTokenFile string
}

// Normalize fills in defaults for zero fields.
func (c *Config) Normalize() {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&c.Network, DefaultNetwork)
	def(&c.HAProxyContainer, DefaultHAProxyContainer)
	def(&c.ConfigDir, DefaultConfigDir)
	def(&c.HAProxyDir, DefaultHAProxyDir)
	def(&c.Listen, DefaultListen)
	def(&c.TLSALPNListen, DefaultTLSALPNListen)
	def(&c.ControlSocket, ctl.DefaultSocket)
	def(&c.APIListen, api.DefaultListen)
	def(&c.MetricsListen, metrics.DefaultListen)
	def(&c.MembershipFile, membership.DefaultFile)
	def(&c.OwnershipFile, ownership.DefaultFile)
	def(&c.FollowListen, DefaultFollowListen)
	def(&c.FollowTokenFile, contract.FollowTokenFile)
	def(&c.ControlTokenFile, contract.ControlTokenFile)
	if c.DomainGrace == 0 {
		c.DomainGrace = ownership.DefaultGrace
	}
	if c.Resync == 0 {
		c.Resync = reconcile.DefaultResync
	}
}

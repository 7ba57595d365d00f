package haproxy

import "time"

// Defaults used by Settings.withDefaults for fields left zero.
const (
	// DefaultHTTPPort is the port the plain-HTTP frontend binds.
	DefaultHTTPPort = 80
	// DefaultStatsSocket is the admin runtime socket inside the HAProxy container.
	DefaultStatsSocket = "/usr/local/etc/haproxy/run/admin.sock"
	// ServingMapName is the serving map's file name in the shared folder.
	ServingMapName = "serving.map"
	// DefaultServingMap is the serving map inside the HAProxy container.
	DefaultServingMap = "/usr/local/etc/haproxy/" + ServingMapName
	// DefaultChallengeServer is the sidecar address answering ACME HTTP-01 challenges.
	DefaultChallengeServer = "haloy-sidecar:8080"
)

// Default timeouts, see Timeouts.
const (
	DefaultConnectTimeout     = 5 * time.Second
	DefaultClientTimeout      = 60 * time.Second
	DefaultServerTimeout      = 60 * time.Second
	DefaultHTTPRequestTimeout = 10 * time.Second
	DefaultKeepAliveTimeout   = 10 * time.Second
	DefaultQueueTimeout       = 5 * time.Second
	// DefaultTunnelTimeout keeps idle websockets open for an hour.
	DefaultTunnelTimeout = time.Hour
)

// Bounds on what old workers hold after a reload. An old worker keeps the
// connections it had (a long download, a websocket) until they end; these
// bound how long and how many generations: HardStopAfter stops an old
// worker at most 10 minutes after the reload that replaced it, and
// MaxWorkerReloads stops one that has lived through 10 further reloads, so
// a burst of reloads leaves at most 10 old workers beside the current one.
// Connections still open then are closed.
const (
	HardStopAfter    = 10 * time.Minute
	MaxWorkerReloads = 10
)

// Settings are the parts of the HAProxy configuration that do not come from
// the routing Model. Zero fields take the Default* constants.
type Settings struct {
	// HTTPPort is the port of the plain-HTTP frontend.
	HTTPPort int
	// BindAddress is the address the frontend listens on; "" means all.
	BindAddress string
	// StatsSocket is the path of the admin runtime socket (see Runtime).
	StatsSocket string
	// ChallengeServer is the host:port that answers ACME HTTP-01
	// challenges. A host name is resolved by the libc at (re)load time;
	// if it does not resolve, HAProxy still starts and the server stays
	// unavailable until the next reload.
	ChallengeServer string
	// TLSALPNServer is the host:port of the TLS listener that answers ACME
	// TLS-ALPN-01 challenges (default DefaultTLSALPNServer), resolved like
	// ChallengeServer. Used only when an app has App.TLSALPN.
	TLSALPNServer string
	// TrustedProxies are the addresses or CIDR networks (e.g. a load
	// balancer in front of HAProxy) whose X-Forwarded-For, -Proto and -Host
	// headers are kept; every other client's are replaced (see
	// forwardingLines). Empty: no client is trusted. Each entry must be
	// valid for ParseTrustedProxies.
	TrustedProxies []string
	// ServingMap is the path, as HAProxy sees it, of the map file that
	// names the serving backend of each app with variants (see
	// RenderServingMap); the sidecar changes it at run time ("set map").
	// It must exist before HAProxy loads the configuration.
	ServingMap string
	// Timeouts are the proxy timeouts.
	Timeouts Timeouts
	// TLS configures the HTTPS frontend; its zero value renders none.
	TLS TLS
	// MetricsPort, when not 0, is the port of a frontend serving HAProxy's
	// Prometheus exporter on MetricsPath (see renderMetrics).
	MetricsPort int
}

// Timeouts are the HAProxy timeouts; zero fields take the Default*Timeout
// constants.
type Timeouts struct {
	// Connect bounds a TCP connect to a server.
	Connect time.Duration
	// Client bounds client inactivity.
	Client time.Duration
	// Server bounds server inactivity.
	Server time.Duration
	// HTTPRequest bounds receiving a complete request's headers.
	HTTPRequest time.Duration
	// KeepAlive bounds waiting for the next request on a kept-alive connection.
	KeepAlive time.Duration
	// Queue bounds waiting for a free server slot.
	Queue time.Duration
	// Tunnel bounds inactivity of upgraded (websocket) connections.
	Tunnel time.Duration
}

// withDefaults returns s with every zero field set to its default.
func (s Settings) withDefaults() Settings {
	if s.HTTPPort == 0 {
		s.HTTPPort = DefaultHTTPPort
	}
	if s.StatsSocket == "" {
		s.StatsSocket = DefaultStatsSocket
	}
	if s.ServingMap == "" {
		s.ServingMap = DefaultServingMap
	}
	if s.ChallengeServer == "" {
		s.ChallengeServer = DefaultChallengeServer
	}
	if s.TLSALPNServer == "" {
		s.TLSALPNServer = DefaultTLSALPNServer
	}
	if s.TLS.InternalSocket == "" {
		s.TLS.InternalSocket = DefaultHTTPSSocket
	}
	s.Timeouts = s.Timeouts.withDefaults()
	return s
}

func (t Timeouts) withDefaults() Timeouts {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&t.Connect, DefaultConnectTimeout)
	def(&t.Client, DefaultClientTimeout)
	def(&t.Server, DefaultServerTimeout)
	def(&t.HTTPRequest, DefaultHTTPRequestTimeout)
	def(&t.KeepAlive, DefaultKeepAliveTimeout)
	def(&t.Queue, DefaultQueueTimeout)
	def(&t.Tunnel, DefaultTunnelTimeout)
	return t
}

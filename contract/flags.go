package contract

// Flags of the sidecar's command line that init passes (without the
// leading "-").
const (
	// FlagHAProxyContainer names the HAProxy container.
	FlagHAProxyContainer = "haproxy-container"
	// FlagGuardContainer names the guard container the sidecar brings back.
	FlagGuardContainer = "guard-container"
	// FlagConfigDir is HAProxyVolume as mounted in the sidecar.
	FlagConfigDir = "config-dir"
	// FlagHAProxyDir is HAProxyVolume as mounted in HAProxy.
	FlagHAProxyDir = "haproxy-dir"
	// FlagTrustedProxies lists the proxies whose X-Forwarded-* HAProxy keeps.
	FlagTrustedProxies = "trusted-proxies"
	// FlagHAProxyMetricsPort is the port of HAProxy's Prometheus exporter.
	FlagHAProxyMetricsPort = "haproxy-metrics-port"
)

// The guard: `haloy-sidecar guard -sidecar-container NAME`.
const (
	// GuardCommand is the sidecar binary's subcommand running the guard.
	GuardCommand = "guard"
	// FlagSidecarContainer names the container the guard brings back.
	FlagSidecarContainer = "sidecar-container"
)

// Arg returns flag name as a command-line argument ("-name").
func Arg(name string) string {
	return "-" + name
}

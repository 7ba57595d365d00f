package contract

// Names of Haloy's own Docker objects, as init creates them.
const (
	// ProjectName is the Compose project of HAProxy, the sidecar and the guard.
	ProjectName = "haloy"
	// Network is the bridge network apps, HAProxy and the sidecar share.
	Network = "haloy"
	// HAProxyVolume holds haproxy.cfg, certificates and HAProxy's sockets;
	// HAProxy and the sidecar both mount it.
	HAProxyVolume = "haloy-haproxy"
	// SidecarVolume is the sidecar's data volume (history, ACME store,
	// ownership and membership, API token).
	SidecarVolume = "haloy-sidecar-data"
	// HAProxyContainer is the HAProxy container.
	HAProxyContainer = "haloy-haproxy"
	// SidecarContainer is the sidecar container.
	SidecarContainer = "haloy-sidecar"
	// GuardContainer runs the sidecar image's guard, which brings the
	// sidecar back when it dies (the sidecar does the same for it).
	GuardContainer = "haloy-guard"
	// APIApp is the app name the sidecar's container is routed under when
	// init was given --api-domain; the API refuses to deploy or stop it.
	APIApp = "haloy-api"
)

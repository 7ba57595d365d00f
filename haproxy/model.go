package haproxy

import "github.com/haloydev/haloy/labels"

// Model is the routing state HAProxy is configured from. It is built from
// the labelled containers alone, so it can always be rebuilt from the engine.
type Model struct {
	// Apps are the routed apps, sorted by Name.
	Apps []App
}

// App is one routed application: its domains and the servers behind it.
type App struct {
	// Name is the app name; the HAProxy backend is named after it.
	Name string
	// Domains are the canonical domains and aliases routed to the app.
	Domains []labels.Domain
	// HealthCheckPath is the HTTP path HAProxy checks (any 2xx is healthy).
	HealthCheckPath string
	// TLSALPN is true when the app's certificates are validated with ACME
	// TLS-ALPN-01; HAProxy then passes acme-tls/1 connections on the HTTPS
	// port to the sidecar (see FrontendTLS).
	TLSALPN bool `json:",omitempty"`
	// Servers are the replicas, sorted by Name.
	Servers []Server
}

// Server is one replica container.
type Server struct {
	// Name is unique within the app's backend (the container name).
	Name string
	// Address is the container's IP address on the haloy network.
	Address string
	// Port is the container port traffic goes to.
	Port string
	// Draining servers get no new requests; in-flight ones finish.
	Draining bool
}

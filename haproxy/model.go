package haproxy

import (
	"slices"

	"github.com/haloydev/haloy/labels"
)

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
	// Variants, when not empty, replace Domains, HealthCheckPath, TLSALPN
	// and Servers: the app's current deployments ask for different routes,
	// and each distinct route is a backend of its own (see Variant).
	Variants []Variant `json:",omitempty"`
	// Serving is the Key of the variant that takes the app's requests. It
	// is runtime state (the serving map, see Settings.ServingMap), not
	// structure: changing it needs no reload.
	Serving string `json:",omitempty"`
}

// Variant is one backend of an app whose deployments differ in domains,
// health-check path or TLS-ALPN: which one serves is switched through
// the serving map, so a readiness change never changes the structure.
type Variant struct {
	// Key names the variant's backend (VariantBackendName); it is unique
	// within the app and stays the same while the variant exists.
	Key string
	// Domains, HealthCheckPath and TLSALPN are as in App.
	Domains         []labels.Domain
	HealthCheckPath string
	TLSALPN         bool `json:",omitempty"`
	// Servers are the replicas in this backend, sorted by Name.
	Servers []Server
}

// Backend is one HAProxy backend of an app with its servers.
type Backend struct {
	Name    string
	Servers []Server
}

// Backends returns the app's backends: one, or one per variant.
func (a App) Backends() []Backend {
	if len(a.Variants) == 0 {
		return []Backend{{Name: BackendName(a.Name), Servers: a.Servers}}
	}
	out := make([]Backend, len(a.Variants))
	for i, v := range a.Variants {
		out[i] = Backend{Name: VariantBackendName(a.Name, v.Key), Servers: v.Servers}
	}
	return out
}

// ServingBackend is the backend that takes the app's requests.
func (a App) ServingBackend() string {
	if len(a.Variants) == 0 {
		return BackendName(a.Name)
	}
	return VariantBackendName(a.Name, a.Serving)
}

// AllDomains returns every domain the app routes: its Domains, or those
// of all its variants, each canonical name once with the aliases of every
// variant that names it (certificates cover whichever variant serves).
func (a App) AllDomains() []labels.Domain {
	if len(a.Variants) == 0 {
		return a.Domains
	}
	var out []labels.Domain
	index := map[string]int{}
	for _, v := range a.Variants {
		for _, d := range v.Domains {
			i, ok := index[d.Canonical]
			if !ok {
				index[d.Canonical] = len(out)
				out = append(out, labels.Domain{Canonical: d.Canonical, Aliases: append([]string(nil), d.Aliases...)})
				continue
			}
			for _, al := range d.Aliases {
				if !slices.Contains(out[i].Aliases, al) {
					out[i].Aliases = append(out[i].Aliases, al)
				}
			}
		}
	}
	return out
}

// variantApp is v as an App of its own, for rendering its backend.
func (a App) variantApp(v Variant) App {
	return App{Name: a.Name, Domains: v.Domains, HealthCheckPath: v.HealthCheckPath, TLSALPN: v.TLSALPN, Servers: v.Servers}
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

package observe

import (
	"time"

	"github.com/haloydev/haloy/routing"
)

// Snapshot is what one reconcile pass observed and built. A pass
// publishes it twice: as soon as it has built the model (so that a new
// domain's certificate is ordered while HAProxy reloads), and again once
// it applied the model, with Applied set, the problems HAProxy's refusals
// add and TLSALPNRouted brought up to date. A published Snapshot is shared
// by every reader: readers never modify it.
type Snapshot struct {
	// Pass numbers the pass since the sidecar started (1 for the first).
	Pass int
	// At is when the pass started.
	At time.Time
	// Containers counts the containers carrying dev.haloy.* labels it
	// listed, routed or not.
	Containers int
	// Routing is the pass's build: the model (domains already given to
	// their owners), each app's status and ACME settings, and the problems.
	Routing routing.Result
	// TLSALPNRouted is true when the configuration HAProxy runs passes
	// TLS-ALPN-01 validation (acme-tls/1) on to the sidecar: the last
	// model HAProxy took had an app with haproxy.App.TLSALPN.
	TLSALPNRouted bool
	// Applied is true once the pass gave the model to HAProxy, whatever
	// the outcome.
	Applied bool
	// Served is true when the running HAProxy took the model (reloaded,
	// changed at runtime or already had it): what ingress followers copy.
	Served bool
	// Reloads counts the HAProxy reloads the loop made up to this pass,
	// once Applied (0 before). A certificate put into the running HAProxy
	// while a reload was under way may have gone to the old process only:
	// the certificate loop syncs again after each reload.
	Reloads int
}

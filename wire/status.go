package wire

import (
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Status is what the reconcile loop knows after its last pass.
type Status struct {
	// Apps is each app's deployments and replicas.
	Apps []routing.AppStatus `json:"apps"`
	// Problems are the label mistakes and domain conflicts found.
	Problems []routing.Problem `json:"problems"`
	// Passes counts the passes made since start.
	Passes int `json:"passes"`
	// Reloads counts HAProxy reloads the sidecar caused since start.
	Reloads int `json:"reloads"`
	// RuntimeApplies counts passes that changed servers through the
	// runtime API, without a reload, since start.
	RuntimeApplies int `json:"runtimeApplies"`
	// HAProxy is HAProxy's own view, filled in when the status is asked for.
	HAProxy HAProxyStatus `json:"haproxy"`
	// LastPass is when the last pass started.
	LastPass time.Time `json:"lastPass"`
	// LastPassDuration is how long it took.
	LastPassDuration Duration `json:"lastPassDuration"`
	// LastError is the last pass's error, if it failed.
	LastError string `json:"lastError,omitempty"`
	// Applying is true while the routing in Apps is not yet running in
	// HAProxy: the pass that built it is applying it, or a reload it needs
	// waits for the reload interval. A deploy waits for it to clear.
	Applying bool `json:"applying,omitempty"`
}

// DaemonStatus is the sidecar's whole status as its control socket sends
// it (`haloy-sidecar status`): the reconcile loop's status and each routed
// domain's certificate.
type DaemonStatus struct {
	Status
	// Certificates is each routed domain's certificate.
	Certificates certstatus.Report `json:"certificates"`
	// Follow is the ingress followers' progress (leader sidecars only).
	Follow *FollowStatus `json:"follow,omitempty"`
}

// HAProxyStatus is what HAProxy itself reports.
type HAProxyStatus struct {
	// Reloads is HAProxy's own reload count (from its master socket).
	Reloads int `json:"reloads"`
	// Error says why HAProxy could not be asked, if it could not.
	Error string `json:"error,omitempty"`
}

// App returns the status of the named app, or nil when it has none.
func (s Status) App(name string) *routing.AppStatus {
	for i := range s.Apps {
		if s.Apps[i].Name == name {
			return &s.Apps[i]
		}
	}
	return nil
}

package reconcile

import (
	"time"

	"github.com/haloydev/haloy/sidecar/routing"
)

// Status is what the loop knows after its last pass.
type Status struct {
	// Apps is each app's deployments and replicas.
	Apps []routing.AppStatus `json:"apps"`
	// Problems are the label mistakes and domain conflicts found.
	Problems []routing.Problem `json:"problems"`
	// Passes counts the passes made since start.
	Passes int `json:"passes"`
	// Reloads counts HAProxy reloads the sidecar caused since start.
	Reloads int `json:"reloads"`
	// LastPass is when the last pass started.
	LastPass time.Time `json:"lastPass"`
	// LastPassDuration is how long it took.
	LastPassDuration time.Duration `json:"lastPassDurationNs"`
	// LastError is the last pass's error, if it failed.
	LastError string `json:"lastError,omitempty"`
}

// Status returns a copy of the status after the last pass.
func (l *Loop) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

func (l *Loop) record(update func(*Status)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	update(&l.status)
}

package follow

import (
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/certs"
)

// State is what a follower needs to serve the same traffic as the leader.
type State struct {
	// Version changes whenever anything else does; "" means the leader
	// has applied nothing yet.
	Version string `json:"version"`
	// Settings are the leader's HAProxy settings; the follower renders
	// with them, so its configuration is byte for byte the one the
	// leader's HAProxy validated and runs.
	Settings haproxy.Settings `json:"settings"`
	// Model is the routing model the leader's HAProxy runs.
	Model haproxy.Model `json:"model"`
	// Certificates are the bundles the leader installed (PEM chain and key).
	Certificates []certs.Bundle `json:"certificates"`
}

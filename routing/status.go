package routing

import "github.com/haloydev/haloy/labels"

// AppStatus describes one app: which deployment serves and the state of each.
type AppStatus struct {
	// Name is the app name.
	Name string `json:"name"`
	// Domains are the domains routed to the app.
	Domains []labels.Domain `json:"domains"`
	// Serving is the id of the deployment taking traffic ("" for plain Compose, or none).
	Serving string `json:"serving"`
	// Deployments are the app's deployments, newest first.
	Deployments []DeploymentStatus `json:"deployments"`
}

// DeploymentStatus is one deployment of an app and its replicas.
type DeploymentStatus struct {
	// ID is the deployment id ("" for containers without one).
	ID string `json:"id"`
	// State says what the deployment is doing.
	State DeploymentState `json:"state"`
	// Held is true for a registered deployment its deploy has not
	// promoted yet: it is never routed, and a later deploy may remove it.
	Held bool `json:"held,omitempty"`
	// Retiring is true while `docker haloy stop` drains the deployment
	// before stopping it, or while the sidecar stops and removes replicas
	// a deploy handed over: it takes no new requests and never serves again.
	Retiring bool `json:"retiring,omitempty"`
	// Replicas are the deployment's containers, sorted by name.
	Replicas []ReplicaStatus `json:"replicas"`
	// Backend is the HAProxy backend holding the replicas (for the
	// sidecar's live status; not sent).
	Backend string `json:"-"`
}

// DeploymentState says whether a deployment serves, drains or waits.
type DeploymentState string

const (
	// StateServing deployments take new requests.
	StateServing DeploymentState = "serving"
	// StateDraining deployments were replaced: in-flight requests finish, no new ones arrive.
	StateDraining DeploymentState = "draining"
	// StateStarting deployments are newer than the serving one and not all ready yet.
	StateStarting DeploymentState = "starting"
	// StateStopped deployments have no running container.
	StateStopped DeploymentState = "stopped"
)

// ReplicaStatus is one container of a deployment.
type ReplicaStatus struct {
	// Container is the container name.
	Container string `json:"container"`
	// Address is its IP on the haloy network.
	Address string `json:"address,omitempty"`
	// Running is true while its process runs.
	Running bool `json:"running"`
	// Health is its Docker HEALTHCHECK state ("" without one).
	Health Health `json:"health,omitempty"`
	// Ready is true when it may take traffic.
	Ready bool `json:"ready"`
	// Replaced is true when a rolling update has taken over from it: it
	// takes no new requests and is stopped once drained.
	Replaced bool `json:"replaced,omitempty"`
	// Sessions is HAProxy's count of its current sessions, filled in when
	// the status is asked for.
	Sessions int `json:"sessions"`
	// InHAProxy is its server state in HAProxy ("up", "down", "drain",
	// "maint"), or "" when HAProxy does not route to it.
	InHAProxy string `json:"inHAProxy,omitempty"`
}

// ReplicasOf returns the replicas of deployment id; none when a is nil or
// has no such deployment.
func (a *AppStatus) ReplicasOf(id string) []ReplicaStatus {
	if a == nil {
		return nil
	}
	for _, dep := range a.Deployments {
		if dep.ID == id {
			return dep.Replicas
		}
	}
	return nil
}

// BusyOutside counts the running replicas of deployments other than id
// that still take new requests or have sessions in HAProxy: what a deploy
// of id waits on before it stops them.
func (a *AppStatus) BusyOutside(id string) int {
	if a == nil {
		return 0
	}
	busy := 0
	for _, dep := range a.Deployments {
		if dep.ID == id {
			continue
		}
		for _, r := range dep.Replicas {
			if r.Running && (dep.State == StateServing || r.InHAProxy == "up" || r.Sessions > 0) {
				busy++
			}
		}
	}
	return busy
}

// Unretired counts the running replicas that are not retired and drained
// yet (not retiring, still up in HAProxy, or holding sessions): what a
// stop of the app waits on.
func (a *AppStatus) Unretired() int {
	if a == nil {
		return 0
	}
	n := 0
	for _, dep := range a.Deployments {
		for _, r := range dep.Replicas {
			if r.Running && (!dep.Retiring || r.InHAProxy == "up" || r.Sessions > 0) {
				n++
			}
		}
	}
	return n
}

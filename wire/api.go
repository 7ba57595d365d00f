package wire

import (
	"time"

	"github.com/haloydev/haloy/config"
)

// DeployRequest is the body of POST /v1/apps/{app}/deploy.
type DeployRequest struct {
	// App is the app configuration; defaults are applied to zero fields.
	// Hooks (preDeploy, postDeploy) run on the client, never in the sidecar.
	App config.App `json:"app"`
	// Env holds the resolved values of the app's secret environment
	// variables (and optional overrides of plain ones) by variable name.
	Env map[string]string `json:"env,omitempty"`
	// Timeout bounds the wait for the new deployment to become healthy
	// (e.g. "2m"; default: the CLI's default).
	Timeout Duration `json:"timeout,omitzero"`
	// DeploymentID, when set, is the id the new deployment gets: the
	// client ran its preDeploy hooks with it. The deploy fails unless it
	// is newer than every deployment of the app and not in the future.
	DeploymentID string `json:"deploymentId,omitempty"`
}

// RollbackRequest is the optional body of POST /v1/apps/{app}/rollback/{id}.
type RollbackRequest struct {
	// Env holds the resolved values of the snapshot's secret environment
	// variables by variable name.
	Env map[string]string `json:"env,omitempty"`
	// Timeout bounds the wait for the new deployment to become healthy.
	Timeout Duration `json:"timeout,omitzero"`
}

// Operation is a deploy or rollback the sidecar runs in the background.
type Operation struct {
	// ID names the operation in the deploys/{op} URLs.
	ID string `json:"id"`
	// App is the app deployed.
	App string `json:"app"`
	// Kind is "deploy" or "rollback".
	Kind string `json:"kind"`
	// Started is when the operation began.
	Started time.Time `json:"started"`
	// Done is true once it finished.
	Done bool `json:"done"`
	// DeploymentID is the new deployment's id, once it serves.
	DeploymentID string `json:"deploymentId,omitempty"`
	// Error says why it failed ("" while running or after a success).
	Error string `json:"error,omitempty"`
	// Events is the URL path of the event stream.
	Events string `json:"events"`
	// Log holds the events so far (only in GET deploys/{op}).
	Log []Event `json:"log,omitempty"`
}

// Event is one line of an operation's event stream.
type Event struct {
	// Time is when it happened.
	Time time.Time `json:"time"`
	// Type is EventProgress, EventHeartbeat or EventDone.
	Type string `json:"type"`
	// Message is a progress line for humans.
	Message string `json:"message,omitempty"`
	// DeploymentID is the new deployment (EventDone after a success).
	DeploymentID string `json:"deploymentId,omitempty"`
	// Error says why the operation failed (EventDone after a failure).
	Error string `json:"error,omitempty"`
}

// Event types.
const (
	// EventProgress is a progress line of the deploy.
	EventProgress = "progress"
	// EventHeartbeat keeps an idle stream open through proxies.
	EventHeartbeat = "heartbeat"
	// EventDone is the last event: the result.
	EventDone = "done"
)

// StopResult is the answer of POST /v1/apps/{app}/stop.
type StopResult struct {
	// App is the app stopped.
	App string `json:"app"`
	// Removed counts the containers stopped and removed.
	Removed int `json:"removed"`
}

// VersionBody is the answer of GET /v1/version.
type VersionBody struct {
	// Version is the sidecar's release.
	Version string `json:"version"`
	// Commit is the sidecar's commit (absent from sidecars before it).
	Commit string `json:"commit,omitempty"`
	// API is the API version ("v1").
	API string `json:"api"`
}

// ErrorBody is every error answer.
type ErrorBody struct {
	// Error says what is wrong.
	Error string `json:"error"`
	// Field is the request field at fault, e.g. "app.replicas", if any.
	Field string `json:"field,omitempty"`
	// Hint says how to fix it.
	Hint string `json:"hint,omitempty"`
}

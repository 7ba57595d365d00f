package api

import "github.com/haloydev/haloy/wire"

// The API's bodies are defined in package wire, shared with the clients;
// these names keep the package's own vocabulary.
type (
	// DeployRequest is the body of POST /v1/apps/{app}/deploy.
	DeployRequest = wire.DeployRequest
	// RollbackRequest is the optional body of POST /v1/apps/{app}/rollback/{id}.
	RollbackRequest = wire.RollbackRequest
	// Operation is a deploy or rollback the sidecar runs in the background.
	Operation = wire.Operation
	// Event is one line of an operation's event stream.
	Event = wire.Event
	// StopResult is the answer of POST /v1/apps/{app}/stop.
	StopResult = wire.StopResult
	// VersionBody is the answer of GET /v1/version.
	VersionBody = wire.VersionBody
	// ErrorBody is every error answer.
	ErrorBody = wire.ErrorBody
	// Duration is a time.Duration written in JSON as a duration string.
	Duration = wire.Duration
)

// Event types.
const (
	// EventProgress is a progress line of the deploy.
	EventProgress = wire.EventProgress
	// EventHeartbeat keeps an idle stream open through proxies.
	EventHeartbeat = wire.EventHeartbeat
	// EventDone is the last event: the result.
	EventDone = wire.EventDone
)

package wire

import "encoding/json"

// SessionCommand names the sidecar subcommand a deploy keeps open for its
// whole run (`haloy-sidecar session`): one docker exec instead of one per
// registration, promotion, hand-over and status watch.
const SessionCommand = "session"

// SessionRequest is one line a client writes to a session's standard
// input: a sidecar subcommand line, run as `haloy-sidecar ARGS...` would
// run it, but inside the session, so it ends when the session does.
type SessionRequest struct {
	// ID is the client's number for the request, echoed in its reply.
	ID int `json:"id"`
	// Args is the subcommand and its arguments, e.g. ["membership", "show"].
	Args []string `json:"args"`
}

// SessionReply is the outcome of one SessionRequest.
type SessionReply struct {
	// ID is the request's.
	ID int `json:"id"`
	// Output is what the subcommand wrote.
	Output string `json:"output"`
	// Error is the subcommand's error ("" when it succeeded).
	Error string `json:"error,omitempty"`
}

// SessionLine is one line a session writes: the sidecar's status (as
// `status --watch` writes it: at once, on each change and every second)
// or the reply to a request.
type SessionLine struct {
	// Status is the sidecar's status (a DaemonStatus), when set.
	Status json.RawMessage `json:"status,omitempty"`
	// Reply answers a request, when set.
	Reply *SessionReply `json:"reply,omitempty"`
}

// Package relay lets the CLI reach the leader sidecar from a Swarm manager
// that does not run it. A relay is a task of the global service haloy-relay
// (contract.RelayService) on every manager; the CLI `docker exec`s the same
// `haloy-sidecar ...` subcommands in it as in the sidecar container, and the
// binary there forwards them (Forward) to the leader, which runs them as
// its own one-shot subcommand process (Handler) and streams the output
// back. The subcommands' logic exists once, in package subcmd; this package
// only carries arguments, output and the exit status.
package relay

import "slices"

// Forwarded are the subcommands a relay forwards: what deploy, rollback,
// stop and status need, and the read-only views. Token and credential
// commands are refused: they stay on the leader's manager.
var Forwarded = []string{"status", "membership", "domains", "history", "version"}

// Forwards reports whether a relay forwards the subcommand name.
func Forwards(name string) bool { return slices.Contains(Forwarded, name) }

// Request is the body of a POST to contract.RelayPath.
type Request struct {
	// Args is the subcommand and its arguments, as after `haloy-sidecar`.
	Args []string `json:"args"`
}

// Trailers of the answer, sent after the subcommand's standard output.
const (
	// TrailerExit is the subcommand's exit status.
	TrailerExit = "Haloy-Exit-Status"
	// TrailerStderr is its standard error, Go-quoted (one header line).
	TrailerStderr = "Haloy-Stderr"
)

// maxStderr bounds the standard error sent back.
const maxStderr = 16 << 10

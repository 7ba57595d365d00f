package haproxy

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotFound means HAProxy does not know the backend or server.
	ErrNotFound = errors.New("no such backend or server")
	// ErrServerBusy means a server cannot be deleted yet because it still
	// has connections; drain it and wait until Sessions reports 0.
	ErrServerBusy = errors.New("server still has connections")
	// ErrReloadFailed means HAProxy rejected a reload and kept serving the
	// previous configuration.
	ErrReloadFailed = errors.New("reload failed")
)

// CommandError is an unexpected answer of HAProxy to a CLI command.
type CommandError struct {
	// Command is the command line sent.
	Command string
	// Answer is what HAProxy replied.
	Answer string
}

func (e *CommandError) Error() string {
	answer := e.Answer
	if answer == "" {
		answer = "(no answer)"
	}
	return fmt.Sprintf("haproxy command %q: %s", e.Command, answer)
}

// Unwrap maps HAProxy's answer to ErrNotFound or ErrServerBusy when it
// says so, which lets callers use errors.Is.
func (e *CommandError) Unwrap() error {
	a := strings.ToLower(e.Answer)
	switch {
	case strings.Contains(a, "no such"), strings.Contains(a, "can't find"):
		return ErrNotFound
	case strings.Contains(a, "still has connections"):
		return ErrServerBusy
	}
	return nil
}

// Command haloy is the standalone remote client of Haloy's HTTP API, for
// machines without Docker access to the server:
//
//	HALOY_API_TOKEN=... haloy --server https://api.example.com deploy haloy.yaml
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/haloydev/haloy/cli-plugin/remote"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		cancel(signalled{s})
	}()
	err := remote.NewCommand("haloy").ExecuteContext(ctx)
	if s, ok := context.Cause(ctx).(signalled); ok {
		fmt.Fprintln(os.Stderr, "cancelled")
		os.Exit(s.exitCode())
	}
	if err != nil {
		os.Exit(1)
	}
}

// signalled is the cause of a context cancelled by Ctrl-C or SIGTERM.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "cancelled by " + s.sig.String() }

// exitCode is the shell's convention, as docker compose exits: 128 plus
// the signal number (130 for Ctrl-C, 143 for SIGTERM).
func (s signalled) exitCode() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

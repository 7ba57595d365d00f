package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/docker/cli/cli"
	"github.com/spf13/cobra"
)

// interrupted is the cause of a command context cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return "cancelled by " + i.sig.String() }

// exitCode is the shell's convention: 128 + the signal number (130 for
// Ctrl-C, 143 for SIGTERM).
func (i interrupted) exitCode() int {
	if s, ok := i.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// withSignals returns a context that Ctrl-C or SIGTERM cancel with an
// interrupted cause, so a deploy removes what it started and releases its
// lock before exiting.
func withSignals(parent context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			cancel(interrupted{s})
		case <-ctx.Done():
		}
		signal.Stop(sigs)
	}()
	return ctx
}

// reportCancelled wraps the RunE of cmd and every command below it: an
// error after a signal (or the docker CLI, on Ctrl-C) cancelled the
// command is reported as "cancelled"
// with exit status 130 (143 for SIGTERM), like docker compose, whatever
// the interrupted step said.
func reportCancelled(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		reportCancelled(c)
	}
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			err := run(c, args) // first: the cause is only known after it
			return cancelledError(context.Cause(c.Context()), err)
		}
	}
}

// cancelledError turns err into the cancelled status error when cause is
// a signal; any other error passes unchanged.
func cancelledError(cause, err error) error {
	var i interrupted
	switch {
	case err == nil:
		return nil
	case errors.As(cause, &i):
	case errors.Is(cause, context.Canceled):
		// The docker CLI caught Ctrl-C: it tells its plugin by closing
		// the plugin socket, which cancels the context (the plugin runs
		// in its own process group and gets no signal).
		i = interrupted{os.Interrupt}
	default:
		return err
	}
	// err is terminal-safe already (reportCancelled wraps the escaping RunE).
	msg := "cancelled"
	if err.Error() != context.Canceled.Error() {
		msg = fmt.Sprintf("cancelled: %s", err)
	}
	return cli.StatusError{Cause: err, Status: msg, StatusCode: i.exitCode()}
}

// Command haloy-sidecar watches the Docker Engine for containers with
// dev.haloy.* labels and keeps HAProxy routing to them. Its one-shot
// subcommands (status, history, version, ...) are documented in package
// subcmd; an unknown subcommand is refused, never run as a second daemon.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/sidecar/daemon"
	"github.com/haloydev/haloy/sidecar/relay"
	"github.com/haloydev/haloy/sidecar/subcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := subcmd.Check(os.Args[1:], contract.GuardCommand, contract.FollowCommand, contract.RelayCommand); err != nil {
		fmt.Fprintln(os.Stderr, "haloy-sidecar:", err)
		os.Exit(2)
	}
	if leader := relay.Leader(); leader != "" && len(os.Args) > 1 && subcmd.Is(os.Args[1]) {
		os.Exit(relay.Main(ctx, leader, os.Args[1:], subcmd.AttachedInput(), os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && subcmd.Is(os.Args[1]) {
		exitOn(subcmd.Run(ctx, os.Args[1:], os.Stdout))
		return
	}
	if len(os.Args) > 1 && os.Args[1] == contract.GuardCommand {
		exitOn(runGuard(ctx, os.Args[2:]))
		return
	}
	if len(os.Args) > 1 && os.Args[1] == contract.RelayCommand {
		exitOn(relay.Idle(ctx, relay.Leader(), slog.New(slog.NewJSONHandler(os.Stderr, nil))))
		return
	}
	if len(os.Args) > 1 && os.Args[1] == contract.FollowCommand {
		exitOn(runFollower(ctx, os.Args[2:]))
		return
	}
	cfg, err := daemon.ParseFlags(flag.CommandLine, os.Args[1:])
	if err != nil {
		exitOn(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	exitOn(daemon.Run(ctx, cfg, log))
}

// runGuard runs `haloy-sidecar guard [-sidecar-container NAME]`.
func runGuard(ctx context.Context, args []string) error {
	name, err := daemon.ParseGuardFlags(args)
	if err != nil {
		return err
	}
	return daemon.Guard(ctx, name, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
}

// runFollower runs `haloy-sidecar follow [-leader URL] [-token-file FILE] ...`.
func runFollower(ctx context.Context, args []string) error {
	fc, err := daemon.ParseFollowFlags(args)
	if err != nil {
		return err
	}
	return daemon.RunFollower(ctx, fc, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "haloy-sidecar:", err)
		os.Exit(1)
	}
}

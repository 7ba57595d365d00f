package relay

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/sidecar/api"
)

// Leader is the leader URL a relay forwards to, from its environment; ""
// outside a relay (the subcommands run here).
func Leader() string { return os.Getenv(contract.EnvRelayLeader) }

// Main forwards the subcommand in args (args[0] is its name) to leader,
// with the control token from the relay's environment, and returns the
// process's exit status. in is the exec's attached input (nil when none).
func Main(ctx context.Context, leader string, args []string, in io.Reader, out, errOut io.Writer) int {
	if !Forwards(args[0]) {
		fmt.Fprintf(errOut, "haloy-sidecar: this is a relay (%s), which forwards only %s; run %q on the leader's manager: docker exec %s /haloy-sidecar %s\n",
			contract.RelayService, strings.Join(Forwarded, ", "), args[0], contract.SidecarContainer, strings.Join(args, " "))
		return 2
	}
	token, err := api.ReadToken(tokenFile())
	if err != nil {
		fmt.Fprintf(errOut, "haloy-sidecar: reading the control token: %v\n", err)
		return 1
	}
	code, err := Forward(ctx, leader, token, args, in, out, errOut)
	if err != nil {
		fmt.Fprintf(errOut, "haloy-sidecar: %v\n", err)
		return 1
	}
	return code
}

// tokenFile is the relay's control token file (the mounted secret).
func tokenFile() string {
	if f := os.Getenv(contract.EnvRelayTokenFile); f != "" {
		return f
	}
	return "/run/secrets/" + contract.ControlTokenSecret
}

// Idle is a relay task's main process: it only keeps the container up for
// the CLI's execs, until ctx ends.
func Idle(ctx context.Context, leader string, log *slog.Logger) error {
	if leader == "" {
		return fmt.Errorf("a relay needs %s (the leader sidecar's URL) in its environment", contract.EnvRelayLeader)
	}
	log.Info("relay started: subcommands exec'd here are forwarded to the leader", "leader", leader, "forwarded", strings.Join(Forwarded, ","))
	<-ctx.Done()
	return nil
}

package commands

import (
	"context"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/labels"
	"github.com/spf13/cobra"
)

type stopOptions struct {
	apps []string
}

func newStopCommand(dockerCli command.Cli) *cobra.Command {
	var opts stopOptions
	return &cobra.Command{
		Use:   "stop APP [APP...]",
		Short: "Drain, stop and remove every container of the apps (deployment history is kept)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.apps = args
			return runStop(cmd.Context(), dockerCli, opts)
		},
	}
}

func runStop(ctx context.Context, dockerCli command.Cli, opts stopOptions) error {
	d := newDeployer(dockerCli)
	for _, app := range opts.apps {
		if err := labels.ValidateAppName(app); err != nil {
			return fmt.Errorf("app %q: %w", app, err)
		}
		n, err := d.Stop(ctx, app)
		if err != nil {
			return fmt.Errorf("stopping %s: %w", app, err)
		}
		if n == 0 {
			fmt.Fprintf(dockerCli.Out(), "%s: no containers to stop (already stopped); its registrations are forgotten\n", app)
			continue
		}
		fmt.Fprintf(dockerCli.Out(), "%s: drained, stopped and removed %d container(s)\n", app, n)
	}
	return nil
}

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
	eng := newEngine(dockerCli)
	for _, app := range opts.apps {
		cs, err := eng.ListByLabel(ctx, labels.AppName, app)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("no containers of app %q found (see: docker haloy status)", app)
		}
		if err := eng.StopAndRemove(ctx, cs); err != nil {
			return err
		}
		fmt.Fprintf(dockerCli.Out(), "%s: drained, stopped and removed %d container(s)\n", app, len(cs))
	}
	return nil
}

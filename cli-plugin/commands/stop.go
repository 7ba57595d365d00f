package commands

import (
	"context"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/internal/suggest"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/deploy"
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
		Long: "Drain, stop and remove every container of the apps; their deployment history is kept, so\n" +
			"rollback or deploy brings them back. Stopping an app that is already stopped succeeds.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.apps = args
			return runStop(cmd.Context(), dockerCli, opts)
		},
	}
}

func runStop(ctx context.Context, dockerCli command.Cli, opts stopOptions) error {
	onSwarm, err := swarmManager(ctx, dockerCli)
	if err != nil {
		return err
	}
	if onSwarm {
		return runSwarmStop(ctx, dockerCli, opts)
	}
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
			if err := alreadyStopped(ctx, dockerCli, app); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(dockerCli.Out(), "%s: drained, stopped and removed %d container(s)\n", app, n)
	}
	return nil
}

// alreadyStopped reports an app without containers: stopped (it has a
// deployment history), which succeeds, or unknown, which is an error with
// the nearest known name.
func alreadyStopped(ctx context.Context, dockerCli command.Cli, app string) error {
	latest, err := deploy.History{Exec: newEngine(dockerCli), Container: infra.SidecarContainer, Binary: infra.SidecarBinary}.Latest(ctx)
	if err != nil { // a sidecar older than this CLI: no history to ask
		fmt.Fprintf(dockerCli.Out(), "%s: already stopped (no containers)\n", app)
		return nil
	}
	known := make([]string, 0, len(latest))
	for _, e := range latest {
		if e.Snapshot.App.Name == app {
			fmt.Fprintf(dockerCli.Out(), "%s: already stopped (no containers; last deployment %s)\n", app, e.ID)
			return nil
		}
		known = append(known, e.Snapshot.App.Name)
	}
	msg := fmt.Sprintf("no app %q: it has no containers and no deployment history", app)
	if s := suggest.Closest(app, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; see: docker haloy status", msg)
}

// runSwarmStop drains and removes the apps' Swarm services; the history
// stays with the cluster.
func runSwarmStop(ctx context.Context, dockerCli command.Cli, opts stopOptions) error {
	d := newSwarmDeployer(dockerCli)
	for _, app := range opts.apps {
		if err := labels.ValidateAppName(app); err != nil {
			return fmt.Errorf("app %q: %w", app, err)
		}
		n, err := d.Stop(ctx, app)
		if err != nil {
			return fmt.Errorf("stopping %s on the Swarm: %w", app, err)
		}
		fmt.Fprintf(dockerCli.Out(), "%s: drained and removed %d Swarm service(s)\n", app, n)
	}
	return nil
}

package tree

import (
	"context"
	"fmt"
	"io"

	"github.com/haloydev/haloy/internal/suggest"
	"github.com/haloydev/haloy/labels"
	"github.com/spf13/cobra"
)

type stopOptions struct {
	apps []string
}

func newStopCommand(cfg Config) *cobra.Command {
	var opts stopOptions
	return &cobra.Command{
		Use:   "stop APP [APP...]",
		Short: "Drain, stop and remove every container of the apps (deployment history is kept)",
		Long: "Drain, stop and remove every container of the apps; their deployment history is kept, so\n" +
			"rollback or deploy brings them back. Stopping an app that is already stopped succeeds.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.apps = args
			return runStop(cmd.Context(), cfg, cmd.OutOrStdout(), opts)
		},
	}
}

func runStop(ctx context.Context, cfg Config, stdout io.Writer, opts stopOptions) error {
	for _, app := range opts.apps {
		if err := labels.ValidateAppName(app); err != nil {
			return fmt.Errorf("app %q: %w", app, err)
		}
		n, err := cfg.Backend.Stop(ctx, app)
		if err != nil {
			return fmt.Errorf("stopping %s: %w", app, err)
		}
		if n == 0 {
			if err := alreadyStopped(ctx, cfg, stdout, app); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: drained, stopped and removed %d container(s)\n", app, n)
	}
	return nil
}

// alreadyStopped reports an app without containers: stopped (it has a
// deployment history), which succeeds, or unknown, which is an error with
// the nearest known name.
func alreadyStopped(ctx context.Context, cfg Config, stdout io.Writer, app string) error {
	latest, err := cfg.Backend.Latest(ctx)
	if err != nil { // a sidecar older than this CLI, or the HTTP API: no history of all apps
		fmt.Fprintf(stdout, "%s: already stopped (no containers)\n", app)
		return nil
	}
	known := make([]string, 0, len(latest))
	for _, e := range latest {
		if e.Snapshot.App.Name == app {
			fmt.Fprintf(stdout, "%s: already stopped (no containers; last deployment %s)\n", app, e.ID)
			return nil
		}
		known = append(known, e.Snapshot.App.Name)
	}
	msg := fmt.Sprintf("no app %q: it has no containers and no deployment history", app)
	if s := suggest.Closest(app, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; see: %s status", msg, cfg.Name)
}

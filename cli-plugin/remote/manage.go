package remote

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

func newStatusCommand(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show apps, deployments, replica health and label problems",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			st, err := c.Status(cmd.Context())
			if err != nil {
				return err
			}
			return printStatus(g.stdout(), st, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", `output format: "" for a table, "json"`)
	return cmd
}

func printStatus(w io.Writer, st wire.Status, format string) error {
	switch format {
	case "json":
		return jsonout.Write(w, st)
	case "":
	default:
		return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", format)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tDEPLOYMENT\tSTATE\tREPLICA\tREADY")
	for _, a := range st.Apps {
		for _, d := range a.Deployments {
			for _, r := range d.Replicas {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%t\n", termsafe.String(a.Name), termsafe.String(d.ID), termsafe.String(string(d.State)), termsafe.String(r.Container), r.Ready)
			}
		}
	}
	tw.Flush()
	for _, p := range st.Problems {
		fmt.Fprintf(w, "problem: %s\n", termsafe.String(p.String()))
	}
	return nil
}

func newRollbackCommand(g *globals) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "rollback APP [DEPLOYMENT-ID]",
		Short: "List an app's deployments, or deploy an earlier one again",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			entries, err := c.Deployments(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if len(args) == 1 {
				tw := tabwriter.NewWriter(g.stdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "DEPLOYMENT\tIMAGE\tDEPLOYED")
				for _, e := range entries {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", e.ID, e.Snapshot.Image, e.Saved.Local().Format(time.DateTime))
				}
				return tw.Flush()
			}
			for _, e := range entries {
				if e.ID != args[1] {
					continue
				}
				env, err := ResolveSecretEnv(e.Snapshot.App)
				if err != nil {
					return fmt.Errorf("rolling back %s: %w", args[0], err)
				}
				if a := e.Snapshot.App; len(a.PreDeploy) > 0 || len(a.PostDeploy) > 0 {
					fmt.Fprintln(g.stderr(), "the deployment's preDeploy/postDeploy hooks are not run: a rollback by app name reads no haloy.yaml")
				}
				op, err := c.Rollback(cmd.Context(), args[0], e.ID, wire.RollbackRequest{Env: env, Timeout: wire.Duration(timeout)})
				if err != nil {
					return err
				}
				id, err := follow(cmd.Context(), g, c, op)
				if err != nil {
					return fmt.Errorf("rolling %s back to %s: %w", args[0], e.ID, err)
				}
				fmt.Fprintf(g.stdout(), "%s: deployment %s (a copy of %s) is serving\n", args[0], id, e.ID)
				return nil
			}
			return fmt.Errorf("app %s has no deployment %s (list them with: rollback %s)", args[0], args[1], args[0])
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "how long the new deployment may take to become healthy (default: the server's)")
	return cmd
}

func newStopCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "stop APP [APP...]",
		Short: "Stop and remove every container of the apps (deployment history is kept)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			for _, app := range args {
				res, err := c.Stop(cmd.Context(), app)
				if err != nil {
					return err
				}
				fmt.Fprintf(g.stdout(), "%s: stopped and removed %d container(s)\n", app, res.Removed)
			}
			return nil
		},
	}
}

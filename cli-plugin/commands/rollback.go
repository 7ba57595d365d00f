package commands

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/haloydev/haloy/rollout/swarm"
	"github.com/spf13/cobra"
)

type rollbackOptions struct {
	target   string // an app name or a haloy.yaml
	id       string
	format   string
	timeout  time.Duration
	pull     string
	copyFrom string
}

func newRollbackCommand(dockerCli command.Cli) *cobra.Command {
	var opts rollbackOptions
	cmd := &cobra.Command{
		Use:   "rollback APP|haloy.yaml [DEPLOYMENT-ID]",
		Short: "List an app's deployments, or deploy an earlier one again",
		Long: "Without an id, list the deployments kept for rollback. With one, deploy that deployment's\n" +
			"image and configuration again as a new deployment, with the same zero-downtime rollout.",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.target = args[0]
			if len(args) == 2 {
				opts.id = args[1]
			}
			return runRollback(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `listing format: "" for a table, "json"`)
	cmd.Flags().DurationVar(&opts.timeout, "timeout", 0, "how long the new deployment (or each batch) may take to become healthy (default: the recorded healthTimeout, 2m)")
	addPullFlag(cmd.Flags(), &opts.pull)
	addCopyFlag(cmd.Flags(), &opts.copyFrom)
	return cmd
}

func runRollback(ctx context.Context, dockerCli command.Cli, opts rollbackOptions) error {
	app, err := rollbackApp(opts.target)
	if err != nil {
		return err
	}
	images, err := pullImages(dockerCli, opts.pull, opts.copyFrom)
	if err != nil {
		return err
	}
	onSwarm, err := swarmManager(ctx, dockerCli)
	if err != nil {
		return err
	}
	d := newDeployer(dockerCli)
	d.Engine = d.Engine.WithImages(images)
	sd := newSwarmDeployer(dockerCli)
	if onSwarm {
		d.History = sd.History // the cluster's history, seen from any manager
	}
	if opts.id == "" {
		return listRollbackTargets(ctx, dockerCli, d, app, opts.format)
	}
	entry, err := d.History.Get(ctx, app, opts.id)
	if err != nil {
		return fmt.Errorf("%w (list the deployments with: docker haloy rollback %s)", err, app)
	}
	env, err := resolveSecretEnv(entry.Snapshot.App)
	if err != nil {
		return fmt.Errorf("rolling back %s: %w", app, err)
	}
	fmt.Fprintf(dockerCli.Err(), "rolling %s back to deployment %s (%s)\n", safe(app), safe(opts.id), safe(entry.Snapshot.Image))
	h := rollbackHooks(entry.Snapshot.App, opts.target, dockerCli.Err())
	var id string
	if onSwarm {
		id, err = sd.Deploy(ctx, swarm.Request{App: entry.Snapshot.App, Image: entry.Snapshot.Image, Env: env, ReadyTimeout: opts.timeout, Hooks: h})
	} else {
		id, err = d.Deploy(ctx, deploy.Request{App: entry.Snapshot.App, Env: env, ReadyTimeout: opts.timeout, Hooks: h})
	}
	if err != nil {
		return fmt.Errorf("rolling %s back to %s: %w", app, opts.id, err)
	}
	fmt.Fprintf(dockerCli.Out(), "%s: deployment %s (a copy of %s) is serving\n", app, id, opts.id)
	return nil
}

// rollbackHooks are the snapshot's hooks when target is the haloy.yaml
// (they run in its folder, as a deploy's do); a rollback by app name
// knows no haloy.yaml and runs none, saying so to out.
func rollbackHooks(app config.App, target string, out io.Writer) *hooks.Set {
	if len(app.PreDeploy) == 0 && len(app.PostDeploy) == 0 {
		return nil
	}
	if isConfigFile(target) {
		return hooks.For(app.PreDeploy, app.PostDeploy, target, out)
	}
	fmt.Fprintf(out, "the deployment's preDeploy/postDeploy hooks are not run: roll back with the haloy.yaml (docker haloy rollback path/to/haloy.yaml ID) to run them in its folder\n")
	return nil
}

// isConfigFile reports whether target names an existing .yaml/.yml file.
func isConfigFile(target string) bool {
	_, err := os.Stat(target)
	return err == nil && (strings.HasSuffix(target, ".yaml") || strings.HasSuffix(target, ".yml"))
}

// rollbackApp is the app named by target: an app name, or the single app
// of a haloy.yaml.
func rollbackApp(target string) (string, error) {
	if !isConfigFile(target) {
		return target, nil
	}
	apps, err := loadApps(target, nil)
	if err != nil {
		return "", err
	}
	if len(apps) != 1 {
		return "", fmt.Errorf("%s has %d apps (%s); name the one to roll back", target, len(apps), strings.Join(appNames(apps), ", "))
	}
	return apps[0].Name, nil
}

func listRollbackTargets(ctx context.Context, dockerCli command.Cli, d *deploy.Deployer, app, format string) error {
	entries, err := d.History.List(ctx, app)
	if err != nil {
		return err
	}
	st, err := d.Sidecar.Status(ctx)
	if err != nil {
		return err
	}
	serving := servingID(st.Apps, app)
	targets := make([]rollbackTarget, 0, len(entries))
	for _, e := range entries {
		targets = append(targets, rollbackTarget{ID: e.ID, Image: e.Snapshot.Image, Saved: e.Saved, Current: e.ID == serving})
	}
	switch format {
	case "json":
		return writeJSON(dockerCli.Out(), targets)
	case "":
		tw := tabwriter.NewWriter(dockerCli.Out(), 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DEPLOYMENT\tIMAGE\tDEPLOYED\tCURRENT")
		for _, t := range targets {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", safe(t.ID), safe(t.Image), t.Saved.Local().Format(time.DateTime), map[bool]string{true: "*"}[t.Current])
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", format)
}

// rollbackTarget is one deployment in `rollback APP --format json`.
type rollbackTarget struct {
	// ID is the deployment id.
	ID string `json:"id"`
	// Image is the deployment's image tag.
	Image string `json:"image"`
	// Saved is when it was deployed.
	Saved time.Time `json:"deployed"`
	// Current is true for the serving deployment.
	Current bool `json:"current"`
}

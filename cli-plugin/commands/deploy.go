package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/haloydev/haloy/config"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/haloydev/haloy/rollout/swarm"
	"github.com/spf13/cobra"
)

type deployOptions struct {
	file     string
	apps     []string
	timeout  time.Duration
	pull     string
	copyFrom string
	timings  bool
	format   string
	quiet    bool
}

// deployResult is what `deploy --format json` prints once every app
// serves (progress goes to the error stream).
type deployResult struct {
	// Apps are the deployed apps, in the file's order.
	Apps []deployedApp `json:"apps"`
}

// deployedApp is one app's new deployment.
type deployedApp struct {
	// Name is the app name.
	Name string `json:"name"`
	// DeploymentID is the id of the deployment now serving.
	DeploymentID string `json:"deploymentId"`
	// Image is the image reference deployed, as haloy.yaml names it.
	Image string `json:"image"`
	// Replicas is how many containers serve.
	Replicas int `json:"replicas"`
	// Domains are the canonical domains served.
	Domains []string `json:"domains"`
}

func newDeployCommand(dockerCli command.Cli) *cobra.Command {
	var opts deployOptions
	cmd := &cobra.Command{
		Use:   "deploy [haloy.yaml]",
		Short: "Deploy the apps of a haloy.yaml with zero downtime",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runDeploy(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.apps, "app", nil, "only these apps (default: all in the file)")
	cmd.Flags().DurationVar(&opts.timeout, "timeout", 0, "how long the new deployment (or each batch) may take to become healthy (default: the app's healthTimeout, 2m)")
	addPullFlag(cmd.Flags(), &opts.pull)
	addCopyFlag(cmd.Flags(), &opts.copyFrom)
	cmd.Flags().BoolVar(&opts.timings, "timings", false, "print how long each step of each deploy took (lock, tag, create, start, ready, switch, drain, stop+remove, record)")
	cmd.Flags().StringVar(&opts.format, "format", "", `result format: "" for text, "json" (progress goes to the error stream)`)
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only the new deployment ids, one per app")
	return cmd
}

func runDeploy(ctx context.Context, dockerCli command.Cli, opts deployOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	images, err := pullImages(dockerCli, opts.pull, opts.copyFrom)
	if err != nil {
		return err
	}
	apps, err := loadApps(opts.file, opts.apps)
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
	result := deployResult{Apps: []deployedApp{}}
	for _, app := range apps {
		env, err := resolveSecretEnv(app)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
		}
		if onSwarm {
			id, err := sd.Deploy(ctx, swarm.Request{App: app, ConfigFile: orDefault(opts.file, config.DefaultFileName), Env: env, ReadyTimeout: opts.timeout,
				Hooks: hooks.For(app.PreDeploy, app.PostDeploy, orDefault(opts.file, config.DefaultFileName), dockerCli.Err())})
			if err != nil {
				return fmt.Errorf("deploying %s on the Swarm: %w", app.Name, err)
			}
			result.Apps = append(result.Apps, deployed(app, id))
			printDeployed(dockerCli, opts, app.Name, id)
			continue
		}
		if opts.timings {
			d.Timings = &deploy.Timings{}
		}
		file := orDefault(opts.file, config.DefaultFileName)
		req := deploy.Request{App: app, ConfigFile: file, Env: env, ReadyTimeout: opts.timeout,
			Hooks: hooks.For(app.PreDeploy, app.PostDeploy, file, dockerCli.Err())}
		id, err := d.Deploy(ctx, req)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
		}
		result.Apps = append(result.Apps, deployed(app, id))
		printDeployed(dockerCli, opts, app.Name, id)
		if opts.timings && !opts.quiet {
			fmt.Fprintf(dockerCli.Err(), "%s: timings: %s\n", app.Name, d.Timings)
		}
	}
	if opts.format == "json" && !opts.quiet {
		return writeJSON(dockerCli.Out(), result)
	}
	return nil
}

// deployed describes app's deployment id for the JSON result.
func deployed(app config.App, id string) deployedApp {
	a := deployedApp{Name: app.Name, DeploymentID: id, Image: app.Source.Image.Repository + ":" + app.Source.Image.Tag, Replicas: app.Replicas, Domains: []string{}}
	for _, d := range app.Domains {
		a.Domains = append(a.Domains, d.Domain)
	}
	return a
}

// printDeployed says that app's deployment id serves (its id alone with
// --quiet, nothing with --format json: the result follows).
func printDeployed(dockerCli command.Cli, opts deployOptions, app, id string) {
	switch {
	case opts.quiet:
		fmt.Fprintln(dockerCli.Out(), id)
	case opts.format == "":
		fmt.Fprintf(dockerCli.Out(), "%s: deployment %s is serving\n", app, id)
	}
}

package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/haloydev/haloy/config"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/spf13/cobra"
)

type deployOptions struct {
	file     string
	apps     []string
	timeout  time.Duration
	pull     string
	copyFrom string
	timings  bool
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
	return cmd
}

func runDeploy(ctx context.Context, dockerCli command.Cli, opts deployOptions) error {
	images, err := pullImages(dockerCli, opts.pull, opts.copyFrom)
	if err != nil {
		return err
	}
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	d := newDeployer(dockerCli)
	d.Engine = d.Engine.WithImages(images)
	for _, app := range apps {
		env, err := resolveSecretEnv(app)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
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
		fmt.Fprintf(dockerCli.Out(), "%s: deployment %s is serving\n", app.Name, id)
		if opts.timings {
			fmt.Fprintf(dockerCli.Out(), "%s: timings: %s\n", app.Name, d.Timings)
		}
	}
	return nil
}

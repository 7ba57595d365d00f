package tree

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type deployOptions struct {
	file    string
	apps    []string
	timeout time.Duration
	format  string
	quiet   bool
	dryRun  bool
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

func newDeployCommand(cfg Config) *cobra.Command {
	var opts deployOptions
	cmd := &cobra.Command{
		Use:   "deploy [haloy.yaml]",
		Short: "Deploy the apps of a haloy.yaml with zero downtime",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			if p, ok := cfg.Backend.(Planner); ok && opts.dryRun {
				return runDryRun(cmd.Context(), p, cmd.OutOrStdout(), opts)
			}
			return runDeploy(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.apps, "app", nil, "only these apps (default: all in the file)")
	cmd.Flags().DurationVar(&opts.timeout, "timeout", 0, "how long the new deployment (or each batch) may take to become healthy (default: the app's healthTimeout, 2m)")
	cmd.Flags().StringVar(&opts.format, "format", "", `result format: "" for text, "json" (progress goes to the error stream)`)
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only the new deployment ids, one per app")
	if _, ok := cfg.Backend.(Planner); ok {
		cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print each app's plan (deployment id, containers, batches, what is retired) and change nothing")
	}
	return cmd
}

func runDeploy(ctx context.Context, cfg Config, stdout, stderr io.Writer, opts deployOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	if err := checkFlags(cfg, "deploy"); err != nil {
		return err
	}
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	result := deployResult{Apps: []deployedApp{}}
	for _, app := range apps {
		env, err := ResolveSecretEnv(app)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
		}
		file := orDefault(opts.file, config.DefaultFileName)
		call := wire.DeployCall{App: app, ConfigFile: file, Env: env, Timeout: opts.timeout,
			Hooks: hooks.For(app.PreDeploy, app.PostDeploy, file, stderr), Quiet: opts.quiet, Progress: stderr}
		id, err := cfg.Backend.Deploy(ctx, call)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
		}
		result.Apps = append(result.Apps, deployed(app, id))
		switch {
		case opts.quiet:
			fmt.Fprintln(stdout, id)
		case opts.format == "":
			fmt.Fprintf(stdout, "%s: deployment %s is serving\n", app.Name, id)
		}
	}
	if opts.format == "json" && !opts.quiet {
		return writeJSON(stdout, result)
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

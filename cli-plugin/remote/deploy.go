package remote

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type deployOptions struct {
	file    string
	apps    []string
	timeout time.Duration
}

func newDeployCommand(g *globals) *cobra.Command {
	opts := deployOptions{file: config.DefaultFileName}
	cmd := &cobra.Command{
		Use:   "deploy [haloy.yaml]",
		Short: "Deploy the apps of a haloy.yaml through the API, with zero downtime",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			return runDeploy(cmd.Context(), g, c, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.apps, "app", nil, "only these apps (default: all in the file)")
	cmd.Flags().DurationVar(&opts.timeout, "timeout", 0, "how long the new deployment may take to become healthy (default: the server's)")
	return cmd
}

func runDeploy(ctx context.Context, g *globals, c *Client, opts deployOptions) error {
	apps, err := config.Load(opts.file)
	if err != nil {
		return err
	}
	for _, app := range apps {
		if len(opts.apps) > 0 && !slices.Contains(opts.apps, app.Name) {
			continue
		}
		id, err := deployOne(ctx, g, c, app, opts.file, opts.timeout)
		if err != nil {
			return fmt.Errorf("deploying %s: %w", app.Name, err)
		}
		fmt.Fprintf(g.stdout(), "%s: deployment %s is serving\n", app.Name, id)
	}
	return nil
}

// deployOne resolves the app's secrets, picks the new deployment's id,
// runs its preDeploy hooks here with that id, has the server deploy it
// under that id, and runs its postDeploy hooks (see hooks.Set).
func deployOne(ctx context.Context, g *globals, c *Client, app config.App, file string, timeout time.Duration) (string, error) {
	env, err := ResolveSecretEnv(app)
	if err != nil {
		return "", err
	}
	next, err := nextID(ctx, c, app.Name)
	if err != nil {
		return "", err
	}
	h := hooks.For(app.PreDeploy, app.PostDeploy, file, g.stderr())
	henv := hooks.Env{App: app.Name, DeploymentID: next, Image: app.Source.Image.Ref()}
	if err := h.RunPre(ctx, henv); err != nil {
		return "", err
	}
	sent := app
	sent.PreDeploy, sent.PostDeploy = nil, nil
	op, err := c.Deploy(ctx, wire.DeployRequest{App: sent, Env: env, Timeout: wire.Duration(timeout), DeploymentID: next})
	if err != nil {
		return "", err
	}
	id, err := follow(ctx, g, c, op)
	if err != nil {
		return "", err
	}
	henv.DeploymentID = id
	if err := h.RunPost(ctx, henv); err != nil {
		return id, fmt.Errorf("deployment %s is serving, but %w", id, err)
	}
	return id, nil
}

// follow prints op's progress and returns the deployment it made.
func follow(ctx context.Context, g *globals, c *Client, op wire.Operation) (string, error) {
	done, err := c.Follow(ctx, op, func(ev wire.Event) {
		if ev.Type == wire.EventProgress {
			fmt.Fprintln(g.stderr(), ev.Message)
		}
	})
	if err != nil {
		return "", err
	}
	if done.Error != "" {
		return "", fmt.Errorf("%s", done.Error)
	}
	return done.DeploymentID, nil
}

// nextID is the id the app's next deployment gets: after every
// deployment the server keeps in its history or runs.
func nextID(ctx context.Context, c *Client, app string) (string, error) {
	entries, err := c.Deployments(ctx, app)
	if err != nil {
		return "", fmt.Errorf("reading %s's deployments: %w", app, err)
	}
	st, err := c.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the status: %w", err)
	}
	var taken []string
	for _, e := range entries {
		taken = append(taken, e.ID)
	}
	for _, a := range st.Apps {
		for _, d := range a.Deployments {
			if a.Name == app {
				taken = append(taken, d.ID)
			}
		}
	}
	return labels.NextDeploymentID(time.Now(), taken), nil
}

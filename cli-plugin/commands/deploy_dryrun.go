package commands

import (
	"context"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
)

// dryRunResult is what `deploy --dry-run --format json` prints.
type dryRunResult struct {
	// Plans are the apps' plans, in the file's order.
	Plans []deploy.Plan `json:"plans"`
}

// runDryRun prints what a deploy of each app would do, changing nothing:
// it lists the apps' containers, and pulls no image, resolves no secret,
// runs no hook and takes no lock.
func runDryRun(ctx context.Context, dockerCli command.Cli, opts deployOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	d := newDeployer(dockerCli)
	result := dryRunResult{Plans: []deploy.Plan{}}
	for _, app := range apps {
		req := deploy.Request{App: app, ConfigFile: orDefault(opts.file, config.DefaultFileName), ReadyTimeout: opts.timeout}
		p, err := d.Plan(ctx, req)
		if err != nil {
			return fmt.Errorf("planning %s: %w", app.Name, err)
		}
		result.Plans = append(result.Plans, p)
		if opts.format == "" {
			fmt.Fprint(dockerCli.Out(), p.String())
		}
	}
	if opts.format == "json" {
		return writeJSON(dockerCli.Out(), result)
	}
	return nil
}

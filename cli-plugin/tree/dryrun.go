package tree

import (
	"context"
	"fmt"
	"io"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/wire"
)

// Planner is a backend that can say what a deploy would do without doing
// it (the Docker backend: it reads the engine's containers). deploy gets
// --dry-run only on a backend that is one.
type Planner interface {
	// Plan returns what deploying call.App would do; its String is the
	// text form, and it marshals to the JSON form.
	Plan(ctx context.Context, call wire.DeployCall) (fmt.Stringer, error)
}

// dryRunResult is what `deploy --dry-run --format json` prints.
type dryRunResult struct {
	// Plans are the apps' plans, in the file's order.
	Plans []fmt.Stringer `json:"plans"`
}

// runDryRun prints what a deploy of each app would do, changing nothing:
// no image is pulled, no secret resolved, no hook run and no lock taken.
func runDryRun(ctx context.Context, p Planner, stdout io.Writer, opts deployOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	result := dryRunResult{Plans: []fmt.Stringer{}}
	for _, app := range apps {
		call := wire.DeployCall{App: app, ConfigFile: orDefault(opts.file, config.DefaultFileName), Timeout: opts.timeout}
		plan, err := p.Plan(ctx, call)
		if err != nil {
			return fmt.Errorf("planning %s: %w", app.Name, err)
		}
		result.Plans = append(result.Plans, plan)
		if opts.format == "" {
			fmt.Fprint(stdout, plan.String())
		}
	}
	if opts.format == "json" {
		return writeJSON(stdout, result)
	}
	return nil
}

package commands

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/haloydev/haloy/secrets"
	"github.com/spf13/cobra"
)

func newUninstallCommand(dockerCli command.Cli) *cobra.Command {
	var opts infra.UninstallOptions
	cmd := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove HAProxy, the sidecar, its guard and the haloy network from the engine",
		Long: "Remove what init created on the engine of the current context, naming each object, then\n" +
			"list everything kept. Apps deployed by docker haloy must be stopped first.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUninstall(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Volumes, "volumes", false, "also remove the volumes: certificates, deployment history, domain owners, API token")
	cmd.Flags().BoolVar(&opts.Images, "images", false, "also remove the per-deployment image tags recorded in the history")
	return cmd
}

func runUninstall(ctx context.Context, dockerCli command.Cli, opts infra.UninstallOptions) error {
	eng := newEngine(dockerCli)
	in, err := findInstalled(ctx, eng, opts)
	if err != nil {
		return err
	}
	plan, err := infra.PlanUninstall(in, opts)
	if err != nil {
		return err
	}
	if err := uninstallIngress(ctx, dockerCli); err != nil {
		return err
	}
	return applyUninstall(ctx, eng, plan, dockerCli.Out())
}

// findInstalled lists what init and deploys left on the engine; the
// history (for --images) is read while the sidecar still runs.
func findInstalled(ctx context.Context, eng *engine.Engine, opts infra.UninstallOptions) (infra.Installed, error) {
	var in infra.Installed
	var err error
	if in.Infra, err = eng.ListByLabel(ctx, project.ProjectLabel, infra.ProjectName); err != nil {
		return in, err
	}
	if in.Locks, err = eng.ListByLabel(ctx, "dev.haloy.lock", ""); err != nil {
		return in, err
	}
	if in.Apps, err = eng.ListByLabel(ctx, labels.Role, ""); err != nil {
		return in, err
	}
	for _, c := range in.Infra {
		if !slices.Contains(in.InfraImages, c.Image) {
			in.InfraImages = append(in.InfraImages, c.Image)
		}
	}
	in.ConfigDir, _ = secrets.ConfigDir()
	if opts.Images || len(in.Infra) > 0 {
		tags, err := historyTags(ctx, eng)
		if err != nil && opts.Images {
			return in, fmt.Errorf("reading the deployment history for --images (the sidecar must run: docker haloy init): %w", err)
		}
		in.ImageTags = tags
	}
	return in, nil
}

// historyTags lists the image tags of every recorded deployment.
func historyTags(ctx context.Context, eng *engine.Engine) ([]string, error) {
	h := deploy.History{Exec: eng, Container: infra.SidecarContainer, Binary: infra.SidecarBinary}
	latest, err := h.Latest(ctx)
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, e := range latest {
		entries, err := h.List(ctx, e.Snapshot.App.Name)
		if err != nil {
			return nil, err
		}
		for _, d := range entries {
			if d.Snapshot.Image != "" && !slices.Contains(tags, d.Snapshot.Image) {
				tags = append(tags, d.Snapshot.Image)
			}
		}
	}
	return tags, nil
}

// applyUninstall removes what the plan names, printing each, then lists
// what was kept.
func applyUninstall(ctx context.Context, eng *engine.Engine, plan infra.UninstallPlan, out io.Writer) error {
	for _, c := range plan.Containers {
		if err := eng.Remove(ctx, c.ID); err != nil {
			return err
		}
		fmt.Fprintf(out, "removed container %s\n", safe(c.Name))
	}
	if removed, err := eng.RemoveNetwork(ctx, plan.Network); err != nil {
		return err
	} else if removed {
		fmt.Fprintf(out, "removed network %s\n", plan.Network)
	}
	for _, v := range plan.Volumes {
		if removed, err := eng.RemoveVolume(ctx, v); err != nil {
			return err
		} else if removed {
			fmt.Fprintf(out, "removed volume %s\n", v)
		}
	}
	for _, tag := range plan.Images {
		if err := eng.Untag(ctx, tag); err != nil {
			return err
		}
		fmt.Fprintf(out, "removed image tag %s\n", safe(tag))
	}
	if len(plan.Kept) > 0 {
		fmt.Fprintln(out, "kept:")
		for _, k := range plan.Kept {
			fmt.Fprintf(out, "  %s\n", safe(k))
		}
	}
	return nil
}

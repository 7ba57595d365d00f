package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type domainsOptions struct {
	format string
}

func newDomainsCommand(dockerCli command.Cli) *cobra.Command {
	var opts domainsOptions
	cmd := &cobra.Command{
		Use:   "domains",
		Short: "List which app owns which domain",
		Long: "Each domain belongs to the app that first served it; other apps' labels claiming it are refused.\n" +
			"An owner with no containers keeps its domains for the sidecar's grace period (default 7 days).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDomains(cmd.Context(), dockerCli, opts) },
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for a table, "json"`)
	cmd.AddCommand(
		&cobra.Command{
			Use:   "release DOMAIN",
			Short: "Make a domain free, so the next app claiming it owns it",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return changeDomain(cmd.Context(), dockerCli, "release", args[0])
			},
		},
		&cobra.Command{
			Use:   "transfer DOMAIN APP",
			Short: "Make APP the owner of a domain",
			Args:  cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				return changeDomain(cmd.Context(), dockerCli, "transfer", args...)
			},
		},
	)
	return cmd
}

func runDomains(ctx context.Context, dockerCli command.Cli, opts domainsOptions) error {
	if opts.format != "" && opts.format != "json" {
		return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", opts.format)
	}
	out, err := newEngine(dockerCli).Exec(ctx, infra.SidecarContainer, []string{infra.SidecarBinary, "domains", "list"})
	if err != nil {
		return fmt.Errorf("asking the sidecar for domain owners (is Haloy initialised? run: docker haloy init): %w", err)
	}
	var list []wire.OwnedDomain
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		return fmt.Errorf("reading the sidecar's domain owners: %w", err)
	}
	if opts.format == "json" {
		return writeJSON(dockerCli.Out(), list)
	}
	printDomains(dockerCli.Out(), list)
	return nil
}

func printDomains(w io.Writer, list []wire.OwnedDomain) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tOWNER\tSINCE\tSTATE")
	for _, l := range list {
		state := l.State
		if l.State == wire.DomainOwnerGone {
			state += ", free at " + l.FreeAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Domain, l.Owner, l.Since.UTC().Format(time.RFC3339), state)
	}
	tw.Flush()
}

func changeDomain(ctx context.Context, dockerCli command.Cli, verb string, args ...string) error {
	cmd := append([]string{infra.SidecarBinary, "domains", verb}, args...)
	if _, err := newEngine(dockerCli).Exec(ctx, infra.SidecarContainer, cmd); err != nil {
		return fmt.Errorf("domains %s: %w", verb, err)
	}
	fmt.Fprintf(dockerCli.Out(), "done; the sidecar applies it at its next pass (within 30 s)\n")
	return nil
}

package tree

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type domainsOptions struct {
	format string
}

func newDomainsCommand(cfg Config) *cobra.Command {
	var opts domainsOptions
	cmd := &cobra.Command{
		Use:   "domains",
		Short: "List which app owns which domain",
		Long: "Each domain belongs to the app that first served it; other apps' labels claiming it are refused.\n" +
			"An owner with no containers keeps its domains for the sidecar's grace period (default 7 days).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDomains(cmd.Context(), cfg, cmd.OutOrStdout(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for a table, "json"`)
	cmd.AddCommand(
		&cobra.Command{
			Use:   "release DOMAIN",
			Short: "Make a domain free, so the next app claiming it owns it",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return changeDomain(cmd.Context(), cfg, cmd.OutOrStdout(), "release", args[0])
			},
		},
		&cobra.Command{
			Use:   "transfer DOMAIN APP",
			Short: "Make APP the owner of a domain",
			Args:  cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				return changeDomain(cmd.Context(), cfg, cmd.OutOrStdout(), "transfer", args...)
			},
		},
	)
	return cmd
}

func runDomains(ctx context.Context, cfg Config, stdout io.Writer, opts domainsOptions) error {
	if opts.format != "" && opts.format != "json" {
		return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", opts.format)
	}
	list, err := cfg.Backend.Domains(ctx)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		return writeJSON(stdout, list)
	}
	printDomains(stdout, list)
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

func changeDomain(ctx context.Context, cfg Config, stdout io.Writer, verb string, args ...string) error {
	if err := cfg.Backend.ChangeDomain(ctx, verb, args...); err != nil {
		return fmt.Errorf("domains %s: %w", verb, err)
	}
	fmt.Fprintf(stdout, "done; the sidecar applies it at its next pass (within 30 s)\n")
	return nil
}

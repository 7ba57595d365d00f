package tree

import (
	"context"
	"fmt"
	"io"

	"github.com/haloydev/haloy/internal/version"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type versionOptions struct {
	format string
	client bool
}

// versionReport is what `version --format json` prints.
type versionReport struct {
	// Client is this plugin's build.
	Client version.Info `json:"client"`
	// Sidecar is the running sidecar's build, from its image labels.
	Sidecar sidecarVersion `json:"sidecar"`
	// Warnings are version skews between the two (never null).
	Warnings []string `json:"warnings"`
}

// sidecarVersion is the sidecar's part of the report.
type sidecarVersion struct {
	// Version is the sidecar's release ("" when unknown).
	Version string `json:"version"`
	// Commit is the sidecar's commit ("" when unknown).
	Commit string `json:"commit"`
	// Error says why the sidecar's version is unknown.
	Error string `json:"error,omitempty"`
}

func newVersionCommand(cfg Config) *cobra.Command {
	var opts versionOptions
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show the version of " + cfg.Name + " and of the sidecar it manages",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVersion(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for text, "json"`)
	cmd.Flags().BoolVar(&opts.client, "client", false, "show only the client's version (no engine needed)")
	return cmd
}

func runVersion(ctx context.Context, cfg Config, stdout, stderr io.Writer, opts versionOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	r := versionReport{Client: version.Get(), Warnings: []string{}}
	if !opts.client {
		r.Sidecar = sidecarBuild(ctx, cfg.Backend)
		if w := version.Skew(r.Client, version.Info{Version: r.Sidecar.Version, Commit: r.Sidecar.Commit}); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	}
	if opts.format == "json" {
		return writeJSON(stdout, r)
	}
	printVersion(stdout, cfg.Name, r, !opts.client)
	for _, w := range r.Warnings {
		fmt.Fprintln(stderr, "WARNING:", w)
	}
	return nil
}

// sidecarBuild asks the backend for the sidecar's build (the Docker
// backend reads its image labels, which works with every sidecar release).
func sidecarBuild(ctx context.Context, b wire.Backend) sidecarVersion {
	info, err := b.SidecarVersion(ctx)
	v := sidecarVersion{Version: info.Version, Commit: info.Commit}
	if err != nil {
		v.Error = err.Error()
	}
	return v
}

func printVersion(w io.Writer, name string, r versionReport, sidecar bool) {
	c := r.Client
	fmt.Fprintf(w, "%s %s, commit %s (%s, %s)\n", name, c.Version, c.Commit, c.GoVersion, c.Platform)
	if !sidecar {
		return
	}
	if r.Sidecar.Error != "" {
		fmt.Fprintf(w, "sidecar: unknown (%s)\n", safe(r.Sidecar.Error))
		return
	}
	fmt.Fprintf(w, "sidecar %s, commit %s\n", safe(r.Sidecar.Version), safe(orDash(r.Sidecar.Commit)))
}

package commands

import (
	"context"
	"fmt"
	"io"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/internal/version"
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

func newVersionCommand(dockerCli command.Cli) *cobra.Command {
	var opts versionOptions
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show the version of docker haloy and of the sidecar on the engine",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVersion(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for text, "json"`)
	cmd.Flags().BoolVar(&opts.client, "client", false, "show only the client's version (no engine needed)")
	return cmd
}

func runVersion(ctx context.Context, dockerCli command.Cli, opts versionOptions) error {
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	r := versionReport{Client: version.Get(), Warnings: []string{}}
	if !opts.client {
		r.Sidecar = sidecarBuild(ctx, dockerCli)
		if w := version.Skew(r.Client, version.Info{Version: r.Sidecar.Version, Commit: r.Sidecar.Commit}); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	}
	if opts.format == "json" {
		return writeJSON(dockerCli.Out(), r)
	}
	printVersion(dockerCli.Out(), r, !opts.client)
	for _, w := range r.Warnings {
		fmt.Fprintln(dockerCli.Err(), "WARNING:", w)
	}
	return nil
}

// sidecarBuild reads the sidecar's version from its container's image
// labels: unlike running the binary, this works with every sidecar release.
func sidecarBuild(ctx context.Context, dockerCli command.Cli) sidecarVersion {
	l, err := newEngine(dockerCli).LabelsOf(ctx, infra.SidecarContainer)
	if err != nil {
		return sidecarVersion{Error: fmt.Sprintf("no sidecar on this engine (run: docker haloy init): %v", err)}
	}
	v := sidecarVersion{Version: l[version.LabelVersion], Commit: l[version.LabelRevision]}
	if v.Version == "" {
		v.Error = "the sidecar image has no " + version.LabelVersion + " label"
	}
	return v
}

func printVersion(w io.Writer, r versionReport, sidecar bool) {
	c := r.Client
	fmt.Fprintf(w, "docker haloy %s, commit %s (%s, %s)\n", c.Version, c.Commit, c.GoVersion, c.Platform)
	if !sidecar {
		return
	}
	if r.Sidecar.Error != "" {
		fmt.Fprintf(w, "sidecar: unknown (%s)\n", safe(r.Sidecar.Error))
		return
	}
	fmt.Fprintf(w, "sidecar %s, commit %s\n", safe(r.Sidecar.Version), safe(orDash(r.Sidecar.Commit)))
}

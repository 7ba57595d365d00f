package remote

import (
	"fmt"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/internal/version"
	"github.com/spf13/cobra"
)

// versionReport is what `haloy version --format json` prints.
type versionReport struct {
	// Client is this binary's build.
	Client version.Info `json:"client"`
	// Server is the sidecar's answer to GET /v1/version.
	Server serverVersion `json:"server"`
	// Warnings are version skews (never null).
	Warnings []string `json:"warnings"`
}

// serverVersion is the sidecar's part of the report.
type serverVersion struct {
	// Version is the sidecar's release ("" when unknown).
	Version string `json:"version"`
	// Commit is the sidecar's commit ("" when unknown).
	Commit string `json:"commit"`
	// Error says why the server's version is unknown.
	Error string `json:"error,omitempty"`
}

func newVersionCommand(g *globals) *cobra.Command {
	var format string
	var clientOnly bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show the version of this client and, with --server, of the sidecar",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "" && format != "json" {
				return fmt.Errorf("unknown --format %q (use json, or leave it out for text)", format)
			}
			r := versionReport{Client: version.Get(), Warnings: []string{}}
			if !clientOnly && g.server != "" {
				c := &Client{BaseURL: g.server}
				if v, err := c.Version(cmd.Context()); err != nil {
					r.Server.Error = err.Error()
				} else {
					r.Server = serverVersion{Version: v.Version, Commit: v.Commit}
				}
				if w := version.Skew(r.Client, version.Info{Version: r.Server.Version, Commit: r.Server.Commit}); w != "" {
					r.Warnings = append(r.Warnings, w)
				}
			}
			if format == "json" {
				return jsonout.Write(g.stdout(), r)
			}
			c := r.Client
			fmt.Fprintf(g.stdout(), "haloy %s, commit %s (%s, %s)\n", c.Version, c.Commit, c.GoVersion, c.Platform)
			switch {
			case r.Server.Error != "":
				fmt.Fprintf(g.stdout(), "server: unknown (%s)\n", r.Server.Error)
			case r.Server.Version != "":
				fmt.Fprintf(g.stdout(), "server %s, commit %s\n", r.Server.Version, r.Server.Commit)
			}
			for _, w := range r.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "WARNING:", w)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", `output format: "" for text, "json"`)
	cmd.Flags().BoolVar(&clientOnly, "client", false, "show only this client's version")
	return cmd
}

package remote

import (
	"fmt"

	"github.com/haloydev/haloy/internal/version"
	"github.com/spf13/cobra"
)

// newVersionCommand prints the client's version and, with a server, the
// sidecar's (GET /v1/version needs no token).
func newVersionCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the client's version, and the sidecar's when --server is given",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(g.stdout(), "client %s\n", version.Version)
			if g.server == "" {
				return nil
			}
			v, err := (&Client{BaseURL: g.server}).Version(cmd.Context())
			if err != nil {
				return fmt.Errorf("asking %s for its version: %w", g.server, err)
			}
			_, err = fmt.Fprintf(g.stdout(), "sidecar %s (API %s)\n", v.Version, v.API)
			return err
		},
	}
}

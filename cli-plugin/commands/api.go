package commands

import (
	"context"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/cli-plugin/remote"
	"github.com/spf13/cobra"
)

type apiTokenOptions struct {
	rotate bool
}

// newAPICommand groups the HTTP API's commands: the token (through docker
// exec into the sidecar) and the remote client (through the API itself).
func newAPICommand(dockerCli command.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "api",
		Short: "The sidecar's HTTP API: its token, and a client for it",
	}
	client := remote.New("client", "docker haloy api client")
	client.Short = "Use the HTTP API instead of Docker: deploy, status, rollback, stop (--server URL)"
	cmd.AddCommand(newAPITokenCommand(dockerCli), client)
	return cmd
}

func newAPITokenCommand(dockerCli command.Cli) *cobra.Command {
	var opts apiTokenOptions
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Print the API's bearer token (or replace it with --rotate)",
		Long: "Print the token clients send as Authorization: Bearer <token>. It lives on the sidecar's\n" +
			"data volume; --rotate replaces it, and the old one stops working at once.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAPIToken(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.rotate, "rotate", false, "replace the token with a new one")
	return cmd
}

func runAPIToken(ctx context.Context, dockerCli command.Cli, opts apiTokenOptions) error {
	args := []string{infra.SidecarBinary, "api-token"}
	if opts.rotate {
		args = append(args, "--rotate")
	}
	out, err := newEngine(dockerCli).Exec(ctx, infra.SidecarContainer, args)
	if err != nil {
		return fmt.Errorf("asking the sidecar for the API token (is Haloy initialised? run: docker haloy init): %w", err)
	}
	_, err = fmt.Fprint(dockerCli.Out(), out)
	return err
}

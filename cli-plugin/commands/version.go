package commands

import (
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/internal/version"
	"github.com/spf13/cobra"
)

func newVersionCommand(dockerCli command.Cli) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of docker haloy",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(dockerCli.Out(), "docker haloy %s\n", version.Version)
			return err
		},
	}
}

// Package commands is the `docker haloy` plugin: the command tree
// (cli-plugin/tree) over the Docker backend of this package (docker exec
// into the sidecar, the rollout run here), and the commands only the
// Docker road has (init, logs, secrets, api, validate, convert,
// uninstall, scaffold), one file each: an options struct,
// newXCommand(dockerCli) and runX(ctx, dockerCli, opts).
package commands

import (
	"github.com/docker/cli/cli-plugins/metadata"
	"github.com/docker/cli/cli-plugins/plugin"
	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/tree"
	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/haloydev/haloy/internal/version"
	"github.com/spf13/cobra"
)

// Metadata describes the plugin to the docker CLI (`docker info` lists it).
func Metadata() metadata.Metadata {
	return metadata.Metadata{
		SchemaVersion:    "0.1.0",
		Vendor:           "Haloy",
		Version:          version.Version,
		ShortDescription: "Zero-downtime deploys with HAProxy routing and TLS",
		URL:              "https://github.com/haloydev/haloy",
	}
}

// NewRoot returns the `docker haloy` command with every subcommand.
func NewRoot(dockerCli command.Cli) *cobra.Command {
	root := &cobra.Command{
		Use:   "haloy",
		Short: "Zero-downtime Docker deploys with HAProxy routing and TLS certificates",
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := plugin.PersistentPreRunE(cmd, args); err != nil {
				return err
			}
			cmd.SetContext(withSignals(cmd.Context()))
			return nil
		},
		SilenceUsage: true,
	}
	root.SetOut(dockerCli.Out())
	root.SetErr(dockerCli.Err())
	backend := &dockerBackend{dockerCli: dockerCli}
	root.AddCommand(newInitCommand(dockerCli))
	root.AddCommand(tree.Commands(tree.Config{Backend: backend, Name: "docker haloy"})...)
	root.AddCommand(
		newLogsCommand(dockerCli),
		newAPICommand(dockerCli),
		newConvertCommand(dockerCli),
		newUninstallCommand(dockerCli),
	)
	tree.RefuseUnknownSubcommands(root)
	tree.AddCompletions(root, backend)
	termsafe.EscapeCommandErrors(root)
	reportCancelled(root)
	return root
}

package commands

import (
	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/spf13/cobra"
)

type convertOptions struct {
	file string
	apps []string
}

func newConvertCommand(dockerCli command.Cli) *cobra.Command {
	var opts convertOptions
	cmd := &cobra.Command{
		Use:   "convert [haloy.yaml]",
		Short: "Print the Compose project of each app (for docker compose or Portainer)",
		Long: "Print each app as a Compose file with its dev.haloy.* labels, e.g. to paste into a\n" +
			"Portainer stack or run with `docker compose -f - up -d`. Secret values are redacted.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runConvert(dockerCli, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.apps, "app", nil, "only these apps (default: all in the file)")
	return cmd
}

func runConvert(dockerCli command.Cli, opts convertOptions) error {
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	for i, a := range apps {
		p, err := project.FromApp(a, project.Options{ConfigFile: orDefault(opts.file, config.DefaultFileName), RedactSecrets: true})
		if err != nil {
			return err
		}
		out, err := project.YAML(p)
		if err != nil {
			return err
		}
		if i > 0 {
			dockerCli.Out().Write([]byte("---\n"))
		}
		dockerCli.Out().Write(out)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

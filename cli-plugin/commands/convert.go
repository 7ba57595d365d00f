package commands

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/spf13/cobra"
)

type convertOptions struct {
	file           string
	apps           []string
	outputDir      string
	resolveSecrets bool
	composeV1      bool
}

func newConvertCommand(dockerCli command.Cli) *cobra.Command {
	var opts convertOptions
	cmd := &cobra.Command{
		Use:   "convert [haloy.yaml]",
		Short: "Print an app's Compose project (for docker compose or Portainer)",
		Long: "Print an app as a Compose file with its dev.haloy.* labels, e.g. to paste into a\n" +
			"Portainer stack or run with `docker compose -f - up -d`. Compose reads one project per\n" +
			"file, so a haloy.yaml with several apps needs --app NAME, or --output-dir DIR for a\n" +
			"file per app. Variables from secrets are left out (listed in a comment) unless\n" +
			"--resolve-secrets writes their values.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runConvert(dockerCli, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.apps, "app", nil, "the app to convert (with --output-dir: these apps; default: all in the file)")
	cmd.Flags().StringVarP(&opts.outputDir, "output-dir", "o", "", "write one file per app, DIR/<app>.compose.yaml, instead of printing")
	cmd.Flags().BoolVar(&opts.resolveSecrets, "resolve-secrets", false, "decrypt the secrets and write their values into the output (keep it private)")
	cmd.Flags().BoolVar(&opts.composeV1, "compose-v1", false, "write the 2.4 file format that docker-compose 1.x (Python) accepts")
	return cmd
}

func runConvert(dockerCli command.Cli, opts convertOptions) error {
	apps, err := loadApps(opts.file, opts.apps)
	if err != nil {
		return err
	}
	if len(apps) > 1 && opts.outputDir == "" {
		return fmt.Errorf("the file has %d apps (%s) and a Compose file holds one project: pick one with --app NAME, or write a file per app with --output-dir DIR", len(apps), strings.Join(appNames(apps), ", "))
	}
	for _, a := range apps {
		out, err := convertApp(a, opts)
		if err != nil {
			return fmt.Errorf("converting %s: %w", a.Name, err)
		}
		if opts.outputDir == "" {
			_, err = dockerCli.Out().Write(out)
			return err
		}
		path := filepath.Join(opts.outputDir, a.Name+".compose.yaml")
		if err := writeConverted(path, out, opts.resolveSecrets); err != nil {
			return err
		}
		fmt.Fprintf(dockerCli.Err(), "%s: wrote %s\n", a.Name, path)
	}
	return nil
}

// convertApp renders one app's Compose file with its header comment.
func convertApp(a config.App, opts convertOptions) ([]byte, error) {
	popts := project.Options{ConfigFile: orDefault(opts.file, config.DefaultFileName), OmitSecrets: !opts.resolveSecrets}
	if opts.resolveSecrets {
		env, err := resolveSecretEnv(a)
		if err != nil {
			return nil, err
		}
		popts.Env = env
	}
	p, err := project.FromApp(a, popts)
	if err != nil {
		return nil, err
	}
	render := project.YAML
	if opts.composeV1 {
		render = project.ComposeV1YAML
	}
	body, err := render(p)
	if err != nil {
		return nil, err
	}
	return append([]byte(convertHeader(a, p, opts)), body...), nil
}

// convertHeader is the comment on top of a converted file: how to run it,
// and which secret variables were left out.
func convertHeader(a config.App, p *types.Project, opts convertOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Compose project %s, converted from %s by docker haloy convert.\n", p.Name, orDefault(opts.file, config.DefaultFileName))
	if opts.composeV1 {
		fmt.Fprintf(&b, "# Run: docker-compose -p %s -f FILE up -d   (the project name is not in the file)\n", p.Name)
	} else {
		b.WriteString("# Run: docker compose -f FILE up -d\n")
	}
	if omitted := project.OmittedSecrets(a); len(omitted) > 0 && !opts.resolveSecrets {
		b.WriteString("# Left out: variables whose values are secrets (the app starts without them). Add them\n" +
			"# under environment (or your stack's env), or convert with --resolve-secrets:\n")
		for _, o := range omitted {
			fmt.Fprintf(&b, "#   %s\n", o)
		}
	}
	if opts.resolveSecrets {
		b.WriteString("# Holds decrypted secret values: keep this file private.\n")
	}
	return b.String()
}

// writeConverted writes a converted file; one holding secret values is
// readable by its owner only.
func writeConverted(path string, data []byte, secret bool) error {
	mode := os.FileMode(0o644)
	if secret {
		mode = 0o600
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

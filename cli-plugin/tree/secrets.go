package tree

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/secrets"
	"github.com/spf13/cobra"
)

func newSecretsCommand(cfg Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secrets",
		Short: "Manage secrets encrypted at rest with age (init, set, list, delete)",
		Long: "Secrets live encrypted in $HALOY_CONFIG_DIR (default ~/.config/haloy). haloy.yaml refers\n" +
			"to them by name (env: [{name: DB_PASSWORD, secretName: db-pass}]); deploy decrypts them.",
	}
	cmd.AddCommand(newSecretsInitCommand(), newSecretsSetCommand(cfg.Name),
		newSecretsListCommand(), newSecretsDeleteCommand())
	return cmd
}

func openSecrets() (*secrets.Store, string, error) {
	dir, err := secrets.ConfigDir()
	if err != nil {
		return nil, "", err
	}
	s, err := secrets.Open(dir)
	return s, dir, err
}

func newSecretsInitCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create the age identity that encrypts secrets",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := secrets.ConfigDir()
			if err != nil {
				return err
			}
			recipient, err := secrets.Init(dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created the age identity in %s\npublic key: %s\nKeep a copy of %s/%s somewhere safe: without it the secrets cannot be read.\n",
				dir, recipient, dir, secrets.IdentityFile)
			return nil
		},
	}
}

func newSecretsSetCommand(name string) *cobra.Command {
	return &cobra.Command{
		Use:   "set NAME [VALUE]",
		Short: "Store a secret (the value is read from standard input when not given)",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := openSecrets()
			if err != nil {
				return err
			}
			value := ""
			if len(args) == 2 {
				value = args[1]
			} else if value, err = readValue(cmd.InOrStdin(), name); err != nil {
				return err
			}
			if err := s.Set(args[0], value); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "secret %s stored\n", args[0])
			return nil
		},
	}
}

// readValue reads a secret value from standard input: its first line, or
// everything when it has several lines (certificates, keys).
func readValue(in io.Reader, name string) (string, error) {
	data, err := io.ReadAll(bufio.NewReader(in))
	if err != nil {
		return "", fmt.Errorf("reading the secret from standard input: %w", err)
	}
	value := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if value == "" {
		return "", fmt.Errorf("no value given: pass it as an argument or on standard input (echo -n value | %s secrets set NAME)", name)
	}
	return value, nil
}

func newSecretsListCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List secret names and dates (never values)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := openSecrets()
			if err != nil {
				return err
			}
			entries := s.List()
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), entries)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tCREATED\tUPDATED")
			for _, e := range entries {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.Created.Local().Format(time.DateTime), e.Updated.Local().Format(time.DateTime))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "", `output format: "" for a table, "json"`)
	return cmd
}

func newSecretsDeleteCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a secret",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := openSecrets()
			if err != nil {
				return err
			}
			if err := s.Delete(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "secret %s deleted\n", args[0])
			return nil
		},
	}
}

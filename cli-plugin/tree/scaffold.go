package tree

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/spf13/cobra"
)

type scaffoldOptions struct {
	file  string
	name  string
	force bool
}

func newScaffoldCommand(cfg Config) *cobra.Command {
	var opts scaffoldOptions
	cmd := &cobra.Command{
		Use:   "scaffold [haloy.yaml]",
		Short: "Write a commented haloy.yaml to start from",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runScaffold(cmd.OutOrStdout(), cfg.Name, opts)
		},
	}
	cmd.Flags().StringVar(&opts.name, "name", "my-app", "the app's name (also used in the example domains)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace the file if it exists")
	return cmd
}

// runScaffold writes config.ExampleYAML with the app's name to the file,
// refusing to replace one that exists unless forced.
func runScaffold(stdout io.Writer, name string, opts scaffoldOptions) error {
	if opts.file == "" {
		opts.file = config.DefaultFileName
	}
	if err := labels.ValidateAppName(opts.name); err != nil {
		return fmt.Errorf("--name %q: %w", opts.name, err)
	}
	content := scaffoldYAML(opts.name)
	if _, err := config.Parse(opts.file, []byte(content)); err != nil {
		return fmt.Errorf("the example for app %q does not parse (a bug, please report it): %w", opts.name, err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if opts.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(opts.file, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: edit it, choose another file name, or replace it with --force", opts.file)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", opts.file, err)
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", opts.file, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", opts.file, err)
	}
	fmt.Fprintf(stdout, "wrote %s for app %s: edit the image and domains, check it with `%s validate %s`, then `%s deploy %s`\n",
		opts.file, opts.name, name, opts.file, name, opts.file)
	return nil
}

// scaffoldYAML is the commented example with the app named name.
func scaffoldYAML(name string) string {
	return strings.ReplaceAll(config.ExampleYAML, "my-app", name)
}

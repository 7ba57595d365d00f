package tree

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

type validateOptions struct {
	file string
}

func newValidateCommand() *cobra.Command {
	var opts validateOptions
	return &cobra.Command{
		Use:   "validate [haloy.yaml]",
		Short: "Check a haloy.yaml for mistakes without deploying",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runValidate(cmd.OutOrStdout(), opts)
		},
	}
}

func runValidate(stdout io.Writer, opts validateOptions) error {
	apps, err := loadApps(opts.file, nil)
	if err != nil {
		return err
	}
	for _, a := range apps {
		fmt.Fprintf(stdout, "%s: ok (%s, %d replica(s), %d domain(s))\n", a.Name, a.Source.Image.Ref(), a.Replicas, len(a.Domains))
	}
	return nil
}

package termsafe

import "github.com/spf13/cobra"

// EscapeCommandErrors makes the errors of cmd and every command below it
// terminal-safe (see Error): their messages may quote labels, which anyone
// who can start a container writes.
func EscapeCommandErrors(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		EscapeCommandErrors(c)
	}
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			return Error(run(c, args))
		}
	}
}

package tree

import (
	"fmt"

	"github.com/haloydev/haloy/internal/suggest"
	"github.com/spf13/cobra"
)

// RefuseUnknownSubcommands makes every command below (and including) cmd
// that only groups subcommands fail on an unknown one, with a "did you
// mean" hint, instead of printing its help and exiting 0: cobra does not
// check the arguments of a command that cannot run, and a plugin's root
// is not cobra's root, so a typo in a CI script would pass silently.
func RefuseUnknownSubcommands(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		RefuseUnknownSubcommands(c)
	}
	if !cmd.HasSubCommands() || cmd.Runnable() {
		return
	}
	cmd.Args = unknownSubcommand
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// unknownSubcommand is the Args check of a command that groups others.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := suggest.Closest(args[0], subcommandNames(cmd)); s != "" {
		msg += fmt.Sprintf("\n\nDid you mean this?\n\t%s", s)
	}
	return fmt.Errorf("%s\n\nRun '%s --help' for usage", msg, cmd.CommandPath())
}

// subcommandNames lists the names and aliases of cmd's visible subcommands.
func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
			names = append(names, c.Aliases...)
		}
	}
	return names
}

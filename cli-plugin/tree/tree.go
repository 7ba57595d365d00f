// Package tree is Haloy's command tree, written once against
// wire.Backend: deploy, status, rollback, stop, domains and version, with
// their flags, tables, --format json documents and progress, and the
// commands that need no server (secrets, validate, scaffold). The `docker
// haloy` plugin (cli-plugin/commands) runs it over the Docker API; the
// standalone `haloy` client (cli-plugin/remote/cmd/haloy) over the
// sidecar's HTTP API. It imports no Docker client and no compose-go.
package tree

import (
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Config is what the tree's commands run against.
type Config struct {
	// Backend does the work.
	Backend wire.Backend
	// Name is how the user calls the binary ("docker haloy" or "haloy"),
	// for hints and the version line.
	Name string
}

// Flagger is a backend with flags of its own on some commands (the Docker
// backend's --pull and --copy-from). The tree adds them to the commands
// it names, so a flag a road cannot honour is absent from that binary.
type Flagger interface {
	// AddFlags adds the backend's flags of command (e.g. "deploy") to fs.
	AddFlags(command string, fs *pflag.FlagSet)
	// CheckFlags refuses bad values of command's flags before it runs.
	CheckFlags(command string) error
}

// Commands returns the tree's commands, to add to a root.
func Commands(cfg Config) []*cobra.Command {
	cmds := []*cobra.Command{
		newDeployCommand(cfg),
		newStatusCommand(cfg),
		newDomainsCommand(cfg),
		newStopCommand(cfg),
		newRollbackCommand(cfg),
		newVersionCommand(cfg),
		newSecretsCommand(cfg),
		newValidateCommand(),
		newScaffoldCommand(cfg),
	}
	if f, ok := cfg.Backend.(Flagger); ok {
		for _, c := range cmds {
			f.AddFlags(c.Name(), c.Flags())
		}
	}
	return cmds
}

// checkFlags runs the backend's check of command's flags, if it has any.
func checkFlags(cfg Config, command string) error {
	if f, ok := cfg.Backend.(Flagger); ok {
		return f.CheckFlags(command)
	}
	return nil
}

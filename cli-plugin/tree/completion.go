package tree

import (
	"slices"

	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

// configExtensions are the file names completed where a haloy.yaml goes.
var configExtensions = []string{"yaml", "yml"}

// What each command's positional arguments are, for shell completion
// (`docker completion bash|zsh|fish` reaches it through docker __complete).
var (
	fileArgs    = []string{"deploy", "validate", "convert"}
	appArgs     = []string{"status", "stop", "logs"}
	appFileArgs = []string{"rollback"}
)

// AddCompletions registers completions on root's commands: haloy.yaml
// files, app names (asked from the sidecar: running apps and those in the
// deployment history) and the values of --format and --app.
func AddCompletions(root *cobra.Command, b wire.Backend) {
	apps := completeApps(b)
	for _, c := range root.Commands() {
		switch name := c.Name(); {
		case slices.Contains(fileArgs, name):
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return configExtensions, cobra.ShellCompDirectiveFilterFileExt
			}
		case slices.Contains(appArgs, name):
			c.ValidArgsFunction = apps
		case slices.Contains(appFileArgs, name):
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, s string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				names, _ := apps(cmd, args, s)
				return names, cobra.ShellCompDirectiveDefault // app names, and files
			}
		}
		registerFlagCompletions(c, apps)
	}
}

// registerFlagCompletions completes --format and --app on cmd and below.
func registerFlagCompletions(cmd *cobra.Command, apps cobra.CompletionFunc) {
	for _, c := range cmd.Commands() {
		registerFlagCompletions(c, apps)
	}
	if cmd.Flags().Lookup("format") != nil {
		_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(Formats, cobra.ShellCompDirectiveNoFileComp))
	}
	if cmd.Flags().Lookup("app") != nil {
		_ = cmd.RegisterFlagCompletionFunc("app", apps)
	}
}

// completeApps completes app names: the ones the sidecar routes and the
// stopped ones in its history. Without an engine it offers nothing.
func completeApps(b wire.Backend) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ds, err := b.Status(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st := statusWithCerts{DaemonStatus: ds}
		st.StoppedApps, _ = stoppedApps(cmd.Context(), b, st.Apps)
		var out []cobra.Completion
		for _, name := range statusAppNames(st) {
			if !slices.Contains(args, name) {
				out = append(out, name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

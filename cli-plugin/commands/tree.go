package commands

import (
	"github.com/haloydev/haloy/cli-plugin/tree"
	"github.com/haloydev/haloy/internal/termsafe"
)

// The command tree's helpers, under the names this package's commands use.
var (
	loadApps         = tree.LoadApps
	appNames         = tree.AppNames
	resolveSecretEnv = tree.ResolveSecretEnv
)

// safe escapes text from labels for the terminal.
func safe(s string) string { return termsafe.String(s) }

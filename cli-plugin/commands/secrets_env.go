package commands

import (
	"github.com/haloydev/haloy/cli-plugin/remote"
	"github.com/haloydev/haloy/config"
)

// resolveSecretEnv decrypts the secrets app's env refers to and returns
// their values keyed by environment variable name. Every missing secret
// or key problem is reported at once, before anything starts. The remote
// client resolves them the same way.
func resolveSecretEnv(app config.App) (map[string]string, error) {
	return remote.ResolveSecretEnv(app)
}

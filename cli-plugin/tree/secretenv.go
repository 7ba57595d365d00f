package tree

import (
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/secrets"
)

// ResolveSecretEnv decrypts the secrets app's env refers to and returns
// their values keyed by environment variable name (nil when it has none).
// Every missing secret or key problem is reported at once, before
// anything starts. Both the plugin and the remote client deploy with it.
func ResolveSecretEnv(app config.App) (map[string]string, error) {
	var names []string
	for _, e := range app.Env {
		if e.SecretName != "" {
			names = append(names, e.SecretName)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	dir, err := secrets.ConfigDir()
	if err != nil {
		return nil, err
	}
	store, err := secrets.Open(dir)
	if err != nil {
		return nil, err
	}
	values, err := store.Resolve(names)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, e := range app.Env {
		if e.SecretName != "" {
			env[e.Name] = values[e.SecretName]
		}
	}
	return env, nil
}

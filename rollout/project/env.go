package project

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/spec"
)

// environment is the service's resolved environment as Compose's mapping.
func environment(env map[string]string) types.MappingWithEquals {
	if env == nil {
		return nil
	}
	out := make(types.MappingWithEquals, len(env))
	for k, v := range env {
		out[k] = &v
	}
	return out
}

// OmittedSecrets lists the variables OmitSecrets leaves out of app's
// project, as "NAME (secret SECRET)".
func OmittedSecrets(app config.App) []string {
	return spec.OmittedSecrets(app)
}

package project

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
)

// environment resolves the app's variables: plain ones from opts.Env or
// their haloy.yaml value, secret ones from opts.Env or, with
// opts.RedactSecrets, as "<secret:NAME>".
func environment(vars []config.EnvVar, opts Options) (types.MappingWithEquals, error) {
	if len(vars) == 0 {
		return nil, nil
	}
	out := types.MappingWithEquals{}
	for _, v := range vars {
		val, err := envValue(v, opts)
		if err != nil {
			return nil, err
		}
		out[v.Name] = &val
	}
	return out, nil
}

func envValue(v config.EnvVar, opts Options) (string, error) {
	resolved, ok := opts.Env[v.Name]
	switch {
	case v.SecretName == "" && ok:
		return resolved, nil
	case v.SecretName == "":
		return v.Value, nil
	case opts.RedactSecrets:
		return Redacted(v.SecretName), nil
	case ok:
		return resolved, nil
	}
	return "", fmt.Errorf("env %s: secret %q has no resolved value", v.Name, v.SecretName)
}

// Redacted is the stand-in for the value of secret name when secrets are
// redacted: "<secret:name>".
func Redacted(name string) string {
	return "<secret:" + name + ">"
}

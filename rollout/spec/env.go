package spec

import (
	"fmt"

	"github.com/haloydev/haloy/config"
)

// environment resolves the app's variables: plain ones from opts.Env or
// their haloy.yaml value, secret ones from opts.Env; with opts.OmitSecrets
// secret ones are left out (see OmittedSecrets).
func environment(vars []config.EnvVar, opts Options) (map[string]string, error) {
	if len(vars) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, v := range vars {
		if v.SecretName != "" && opts.OmitSecrets {
			continue
		}
		val, err := envValue(v, opts)
		if err != nil {
			return nil, err
		}
		out[v.Name] = val
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
	case ok:
		return resolved, nil
	}
	return "", fmt.Errorf("env %s: secret %q has no resolved value", v.Name, v.SecretName)
}

// OmittedSecrets lists the variables OmitSecrets leaves out of app's
// service, as "NAME (secret SECRET)".
func OmittedSecrets(app config.App) []string {
	var out []string
	for _, v := range app.Env {
		if v.SecretName != "" {
			out = append(out, fmt.Sprintf("%s (secret %s)", v.Name, v.SecretName))
		}
	}
	return out
}

package api

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/spec"
)

// MaxTimeout bounds a request's health timeout.
const MaxTimeout = 30 * time.Minute

// checkDeploy completes and validates a decoded deploy of app (the name in
// the URL): defaults, the app's own rules, and what the API refuses on top.
func checkDeploy(app string, req *DeployRequest) error {
	a := &req.App
	if a.Name == "" {
		a.Name = app
	}
	if a.Name != app {
		return badRequest("app.name", fmt.Sprintf("app.name %q differs from the app in the URL (%q)", a.Name, app), "POST to /v1/apps/"+a.Name+"/deploy, or leave app.name out")
	}
	a.ApplyDefaults()
	if err := configError(a.Validate()); err != nil {
		return err
	}
	if err := checkRemote(*a); err != nil {
		return err
	}
	if err := checkTimeout(req.Timeout); err != nil {
		return err
	}
	if id := req.DeploymentID; id != "" {
		if err := labels.ValidateDeploymentIDAt(id, time.Now()); err != nil {
			return badRequest("deploymentId", fmt.Sprintf("deploymentId %q %v", id, err), "leave it out, or send a YYYYMMDDHHMMSS id (UTC) newer than the app's deployments")
		}
	}
	return checkEnv(*a, req.Env)
}

// configError turns config.Validate's errors into one RequestError for
// the first of them, with a count of the others.
func configError(err error) error {
	var errs config.Errors
	if err == nil || !errors.As(err, &errs) || len(errs) == 0 {
		return err
	}
	first := errs[0]
	reason := first.Reason
	if len(errs) > 1 {
		reason += fmt.Sprintf(" (and %d more problem(s))", len(errs)-1)
	}
	field := "app"
	if first.Field != "" {
		field += "." + first.Field
	}
	return badRequest(field, reason, first.Hint)
}

// checkRemote refuses what must not come through the API: hooks (they run
// on the client, in the haloy.yaml's folder) and bind mounts of host
// paths (a token holder must not get the host's file system).
func checkRemote(a config.App) error {
	if len(a.PreDeploy) > 0 || len(a.PostDeploy) > 0 {
		field := "app.preDeploy"
		if len(a.PreDeploy) == 0 {
			field = "app.postDeploy"
		}
		return badRequest(field, "hooks do not run in the sidecar", "run them on the client before and after the request (the haloy client does), and leave them out of the body")
	}
	for i, v := range a.Volumes {
		if m, err := spec.ParseVolume(v); err == nil && m.Type != spec.MountVolume {
			return badRequest(fmt.Sprintf("app.volumes[%d]", i), fmt.Sprintf("volume %q mounts a host path, which the API does not allow", v), "use a named volume (e.g. data:/data), or deploy with docker haloy through a Docker context")
		}
	}
	return nil
}

// checkEnv makes sure every secret variable of a has a value in env and
// that env names only variables of a.
func checkEnv(a config.App, env map[string]string) error {
	declared := map[string]bool{}
	var missing []string
	for _, e := range a.Env {
		declared[e.Name] = true
		if _, ok := env[e.Name]; e.SecretName != "" && !ok {
			missing = append(missing, fmt.Sprintf("%s (secret %s)", e.Name, e.SecretName))
		}
	}
	if len(missing) > 0 {
		return badRequest("env", "no value for "+strings.Join(missing, ", "), "resolve each secretName on the client and send its value in env, keyed by the variable name")
	}
	var unknown []string
	for name := range env {
		if !declared[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		return badRequest("env."+unknown[0], fmt.Sprintf("env sets %s, which app.env does not declare", strings.Join(unknown, ", ")), "declare the variable in app.env, or leave it out of env")
	}
	return nil
}

func checkTimeout(d Duration) error {
	if time.Duration(d) > MaxTimeout {
		return badRequest("timeout", fmt.Sprintf("timeout %s is longer than %s", time.Duration(d), MaxTimeout), "use a shorter timeout, e.g. \"5m\"")
	}
	return nil
}

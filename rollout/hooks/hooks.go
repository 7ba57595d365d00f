// Package hooks runs haloy.yaml's preDeploy and postDeploy commands on the
// machine running the CLI, in the haloy.yaml's folder, with the app name,
// deployment id and image in their environment.
package hooks

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// Env is what a hook learns about the deployment.
type Env struct {
	App          string
	DeploymentID string
	Image        string
}

// vars returns the hook's environment variables.
func (e Env) vars() []string {
	return []string{
		"HALOY_APP=" + e.App,
		"HALOY_DEPLOYMENT_ID=" + e.DeploymentID,
		"HALOY_IMAGE=" + e.Image,
	}
}

// Run runs each command with `sh -c` in dir, stopping at the first that
// fails. Their output goes to out.
func Run(ctx context.Context, stage string, commands []string, dir string, env Env, out io.Writer) error {
	for _, c := range commands {
		fmt.Fprintf(out, "%s hook: %s\n", stage, c)
		cmd := exec.CommandContext(ctx, "sh", "-c", c)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env.vars()...)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s hook %q failed: %w", stage, c, err)
		}
	}
	return nil
}

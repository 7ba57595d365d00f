package hooks

import (
	"context"
	"io"
	"path/filepath"
)

// Set is an app's hooks bound to the folder of the haloy.yaml they were
// read from. The policy, the same on every road: hooks run only where a
// haloy.yaml was read (the plugin's deploy, the remote client's deploy,
// a rollback given the haloy.yaml), on that machine, in the file's
// folder, with HALOY_APP, HALOY_DEPLOYMENT_ID (the new deployment's id,
// for preDeploy too) and HALOY_IMAGE. A road without a haloy.yaml (a
// rollback by app name, any API request) runs none; the sidecar never
// runs hooks. A nil *Set runs nothing.
type Set struct {
	// Pre and Post are the preDeploy and postDeploy commands.
	Pre, Post []string
	// Dir is the haloy.yaml's folder.
	Dir string
	// Out receives the commands' output.
	Out io.Writer
}

// For binds pre and post to the folder of configFile.
func For(pre, post []string, configFile string, out io.Writer) *Set {
	return &Set{Pre: pre, Post: post, Dir: filepath.Dir(configFile), Out: out}
}

// Empty reports whether s has no command to run.
func (s *Set) Empty() bool {
	return s == nil || len(s.Pre) == 0 && len(s.Post) == 0
}

// RunPre runs the preDeploy commands, stopping at the first that fails.
func (s *Set) RunPre(ctx context.Context, env Env) error {
	if s == nil {
		return nil
	}
	return Run(ctx, "preDeploy", s.Pre, s.Dir, env, s.out())
}

// RunPost runs the postDeploy commands, stopping at the first that fails.
func (s *Set) RunPost(ctx context.Context, env Env) error {
	if s == nil {
		return nil
	}
	return Run(ctx, "postDeploy", s.Post, s.Dir, env, s.out())
}

func (s *Set) out() io.Writer {
	if s.Out == nil {
		return io.Discard
	}
	return s.Out
}

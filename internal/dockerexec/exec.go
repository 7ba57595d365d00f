// Package dockerexec runs a command inside a container through the Docker
// API, the way `docker exec` does. Both the CLI and the sidecar use it, so
// it works through any Docker context without reaching container addresses.
package dockerexec

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
)

// API is the part of the Docker client that exec needs.
type API interface {
	ExecCreate(ctx context.Context, container string, options client.ExecCreateOptions) (client.ExecCreateResult, error)
	ExecAttach(ctx context.Context, execID string, options client.ExecAttachOptions) (client.ExecAttachResult, error)
	ExecInspect(ctx context.Context, execID string, options client.ExecInspectOptions) (client.ExecInspectResult, error)
}

// Run runs cmd in the named container and returns its standard output. A
// non-zero exit status is an error carrying the standard error text.
func Run(ctx context.Context, api API, containerName string, cmd []string) (string, error) {
	command := strings.Join(cmd, " ")
	execID, att, err := start(ctx, api, containerName, cmd, false)
	if err != nil {
		return "", err
	}
	defer att.Close()
	return finish(ctx, api, execID, att, containerName, command)
}

// finish reads an exec's output until it ends and returns its standard
// output; a non-zero exit status is an error carrying the standard error text.
func finish(ctx context.Context, api API, execID string, att client.ExecAttachResult, containerName, command string) (string, error) {
	var stdout, stderr bytes.Buffer
	if _, err := stdcopy.StdCopy(&stdout, &stderr, att.Reader); err != nil {
		return "", fmt.Errorf("reading output of %q in %s: %w", command, containerName, err)
	}
	insp, err := api.ExecInspect(ctx, execID, client.ExecInspectOptions{})
	if err != nil {
		return "", fmt.Errorf("inspecting %q in %s: %w", command, containerName, err)
	}
	if insp.ExitCode != 0 {
		msg := strings.TrimSpace(stderr.String() + "\n" + stdout.String())
		return stdout.String(), fmt.Errorf("%q in %s exited with status %d: %s", command, containerName, insp.ExitCode, msg)
	}
	return stdout.String(), nil
}

// start creates cmd as an exec in the named container, with its output
// (and, with stdin, its input) attached, and starts it by attaching.
func start(ctx context.Context, api API, containerName string, cmd []string, stdin bool) (string, client.ExecAttachResult, error) {
	command := strings.Join(cmd, " ")
	created, err := api.ExecCreate(ctx, containerName, client.ExecCreateOptions{
		Cmd: cmd, AttachStdin: stdin, AttachStdout: true, AttachStderr: true,
	})
	if err != nil {
		return "", client.ExecAttachResult{}, fmt.Errorf("exec %q in %s: %w", command, containerName, err)
	}
	att, err := api.ExecAttach(ctx, created.ID, client.ExecAttachOptions{})
	if err != nil {
		return "", client.ExecAttachResult{}, fmt.Errorf("attaching to %q in %s: %w", command, containerName, err)
	}
	return created.ID, att, nil
}

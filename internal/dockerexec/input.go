package dockerexec

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
)

// RunInput runs cmd in the named container with input as its standard
// input (closed after it), and returns its standard output. A secret
// passed this way never appears in the command line, the container's
// configuration or docker inspect. A non-zero exit status is an error
// carrying the standard error text.
func RunInput(ctx context.Context, api API, containerName string, cmd []string, input []byte) (string, error) {
	command := strings.Join(cmd, " ")
	execID, att, err := start(ctx, api, containerName, cmd, true)
	if err != nil {
		return "", err
	}
	defer att.Close()
	if _, err := att.Conn.Write(input); err != nil {
		return "", fmt.Errorf("writing the input of %q in %s: %w", command, containerName, err)
	}
	if err := att.CloseWrite(); err != nil {
		return "", fmt.Errorf("closing the input of %q in %s: %w", command, containerName, err)
	}
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

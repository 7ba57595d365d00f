package dockerexec

import (
	"context"
	"fmt"
	"strings"
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
	return finish(ctx, api, execID, att, containerName, command)
}

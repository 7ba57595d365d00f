package daemon

import (
	"context"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/haloydev/haloy/sidecar/apply"
)

// execer runs a command in a container.
type execer interface {
	Exec(ctx context.Context, containerName string, cmd []string) (string, error)
}

// haproxyValidator checks candidates with the HAProxy binary of the running
// HAProxy container, so the check matches the version that will load them.
type haproxyValidator struct {
	engine    execer
	container string
}

// Validate runs `haproxy -c -f path` in the HAProxy container.
func (v haproxyValidator) Validate(ctx context.Context, path string) error {
	_, err := v.engine.Exec(ctx, v.container, []string{"haproxy", "-c", "-f", path})
	if cerrdefs.IsNotFound(err) || cerrdefs.IsConflict(err) {
		return fmt.Errorf("%w: %v", apply.ErrHAProxyDown, err)
	}
	return err
}

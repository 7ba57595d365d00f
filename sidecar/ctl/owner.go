package ctl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// ErrDaemonRunning is returned by Own when another daemon holds the
// control socket.
var ErrDaemonRunning = errors.New("another haloy-sidecar daemon is running in this container")

// Owner is the daemon's claim on its control socket: an exclusive lock
// on a file beside the socket, held until Release. Only the owner may
// remove and recreate the socket, so a second daemon (started by mistake,
// e.g. `docker exec haloy-sidecar /haloy-sidecar bogus`) can never take
// the socket away from the running one.
type Owner struct {
	lock *os.File
}

// LockPath is the lock file guarding the socket at path.
func LockPath(socket string) string { return socket + ".lock" }

// Own claims the control socket at path. It fails with ErrDaemonRunning
// when another process holds the lock or a live daemon answers on the
// socket (one started before the lock existed).
func Own(path string) (*Owner, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating control socket folder: %w", err)
	}
	f, err := os.OpenFile(LockPath(path), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", LockPath(path), err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s is locked); use `docker exec haloy-sidecar /haloy-sidecar status` to talk to it", ErrDaemonRunning, LockPath(path))
		}
		return nil, fmt.Errorf("locking %s: %w", LockPath(path), err)
	}
	if answers(path) {
		f.Close()
		return nil, fmt.Errorf("%w (it answers on %s)", ErrDaemonRunning, path)
	}
	return &Owner{lock: f}, nil
}

// Release gives up the claim (the kernel also drops it when the process
// exits).
func (o *Owner) Release() error {
	if o == nil || o.lock == nil {
		return nil
	}
	return o.lock.Close()
}

// answers reports whether something accepts connections on the socket.
func answers(path string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c, err := (&net.Dialer{}).DialContext(ctx, "unix", path)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/haloydev/haloy/labels"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// Labels of a lock container.
const (
	lockLabel      = labels.Lock
	lockOwnerLabel = labels.Lock + ".owner"
)

// lockAttempts is how often Lock tries to create the lock container when
// the holder keeps vanishing (released, stale, or still being created).
const lockAttempts = 5

// ErrLocked means another deploy of the app holds its lock.
var ErrLocked = errors.New("another deploy of this app is in progress")

// Lock takes the engine-wide lock named name: a container that is created
// (never started) from image, since container names are unique on an
// engine. A lock older than staleAfter was left by an interrupted CLI and
// is taken over, and so is one whose owner was a process on this host that
// is gone (a CLI killed mid-deploy). The returned func releases the lock.
func (e *Engine) Lock(ctx context.Context, name, image string, staleAfter time.Duration) (func(), error) {
	owner := fmt.Sprintf("%s pid %d at %s", hostname(), os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	for attempt := range lockAttempts {
		if attempt > 0 {
			// A lock being created can be in conflict but not yet found.
			time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
		}
		_, err := e.api.ContainerCreate(ctx, client.ContainerCreateOptions{
			Name:   name,
			Config: &container.Config{Image: image, Labels: map[string]string{lockLabel: name, lockOwnerLabel: owner, lockHostLabel: hostname(), lockPIDLabel: strconv.Itoa(os.Getpid())}},
		})
		if err == nil {
			return func() {
				e.api.ContainerRemove(context.WithoutCancel(ctx), name, client.ContainerRemoveOptions{Force: true})
			}, nil
		}
		if !cerrdefs.IsConflict(err) {
			return nil, fmt.Errorf("taking lock %s: %w", name, err)
		}
		if err := e.breakIfStale(ctx, name, staleAfter); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("taking lock %s: it keeps being taken", name)
}

// breakIfStale removes the lock container when it is older than staleAfter,
// else returns ErrLocked saying who holds it.
func (e *Engine) breakIfStale(ctx context.Context, name string, staleAfter time.Duration) error {
	res, err := e.api.ContainerInspect(ctx, name, client.ContainerInspectOptions{})
	if cerrdefs.IsNotFound(err) {
		return nil // released meanwhile
	}
	if err != nil {
		return fmt.Errorf("inspecting lock %s: %w", name, err)
	}
	created, _ := time.Parse(time.RFC3339Nano, res.Container.Created)
	if time.Since(created) < staleAfter && !ownerGone(res.Container.Config.Labels) {
		return fmt.Errorf("%w (held by %s; wait for it to finish, or if it was interrupted remove the lock: docker rm %s)",
			ErrLocked, res.Container.Config.Labels[lockOwnerLabel], name)
	}
	if _, err := e.api.ContainerRemove(ctx, name, client.ContainerRemoveOptions{Force: true}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("removing stale lock %s: %w", name, err)
	}
	return nil
}

// ImageOf returns the image a container was created from.
func (e *Engine) ImageOf(ctx context.Context, containerName string) (string, error) {
	res, err := e.api.ContainerInspect(ctx, containerName, client.ContainerInspectOptions{})
	if err != nil {
		return "", fmt.Errorf("inspecting %s: %w", containerName, err)
	}
	return res.Container.Image, nil
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "unknown host"
	}
	return h
}

// LabelsOf returns a container's labels, its image's labels included.
func (e *Engine) LabelsOf(ctx context.Context, containerName string) (map[string]string, error) {
	res, err := e.api.ContainerInspect(ctx, containerName, client.ContainerInspectOptions{})
	if err != nil {
		return nil, fmt.Errorf("inspecting %s: %w", containerName, err)
	}
	if res.Container.Config == nil {
		return map[string]string{}, nil
	}
	return res.Container.Config.Labels, nil
}

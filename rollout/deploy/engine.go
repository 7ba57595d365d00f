package deploy

import (
	"context"
	"time"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/spec"
)

// Engine is what a deploy asks of the Docker Engine, in Haloy's terms
// (containers found by label, plain container specs): *engine.Engine
// implements it over the Docker API, and the tests of the deploy's
// decisions (ready, failed, drained, which replica failed) use a fake.
type Engine interface {
	// ListByLabel returns the containers with label key=value, by name.
	ListByLabel(ctx context.Context, key, value string) ([]engine.Container, error)
	// Image returns the id of image ref, fetching it as the engine is told.
	Image(ctx context.Context, ref string) (string, error)
	// ImageOf returns the image of the named container.
	ImageOf(ctx context.Context, container string) (string, error)
	// Lock takes the engine-wide lock name, stale after ttl.
	Lock(ctx context.Context, name, image string, ttl time.Duration) (func(), error)
	// Tag gives image source the reference target; Untag removes ref.
	Tag(ctx context.Context, source, target string) error
	Untag(ctx context.Context, ref string) error
	// Create creates (but does not start) a container and returns its id.
	Create(ctx context.Context, c spec.Container) (string, error)
	// Clone creates a copy of container id named name, plus labels extra.
	Clone(ctx context.Context, id, name string, extra map[string]string) (string, error)
	// Start, Stop and Remove act on one container; a gone one is fine
	// for Stop and Remove.
	Start(ctx context.Context, id string) error
	Stop(ctx context.Context, id string) error
	Remove(ctx context.Context, id string) error
	// StopAndRemove stops the containers together, then removes them.
	StopAndRemove(ctx context.Context, cs []engine.Container) error
	// Logs returns the last tail lines of a container's output.
	Logs(ctx context.Context, id string, tail int) (string, error)
}

var _ Engine = (*engine.Engine)(nil)

// UseImages makes the deploy fetch missing images as im says, when its
// engine is an *engine.Engine (see engine.Engine.WithImages).
func (d *Deployer) UseImages(im engine.Images) {
	if e, ok := d.Engine.(*engine.Engine); ok {
		d.Engine = e.WithImages(im)
	}
}

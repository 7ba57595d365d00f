package deploy

import (
	"context"
	"time"

	"github.com/haloydev/haloy/wire"
)

// StatusWatcher is a Sidecar that can stream its status: each change
// arrives at once, and one stream replaces a request per poll.
type StatusWatcher interface {
	// Watch calls fn with the status as it changes (and at least every
	// second) until fn returns false or ctx ends.
	Watch(ctx context.Context, fn func(wire.Status) bool) error
}

// follow calls check with the sidecar's status until check reports done
// or an error, or ctx ends (then it returns ctx's error). It streams the
// status when the sidecar can, and polls every PollInterval otherwise or
// once a stream broke. Statuses that cannot be read are skipped.
func (d *Deployer) follow(ctx context.Context, check func(wire.Status) (bool, error)) error {
	var result error
	finished := false
	step := func(st wire.Status) bool {
		done, err := check(st)
		finished, result = done || err != nil, err
		return !finished
	}
	if w, ok := d.Sidecar.(StatusWatcher); ok {
		err := w.Watch(ctx, step)
		if finished {
			return result
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d.step("warning: %v; polling instead", err)
	}
	for {
		if st, err := d.Sidecar.Status(ctx); err == nil && !step(st) {
			return result
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(PollInterval):
		}
	}
}

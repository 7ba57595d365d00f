package swarm

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// LockLabel marks the config that locks an app's deploys; its value is the app.
const LockLabel = "dev.haloy.lock"

// ErrLocked means another deploy of the app holds the cluster's lock.
var ErrLocked = errors.New("another deploy of the app is running")

// lock takes the app's deploy lock: a config named haloy-lock-<app> (config
// names are unique in a Swarm, so creating it is atomic). A lock older than
// ttl is from a deploy that died and is taken over.
func lock(ctx context.Context, cs Configs, app string, ttl time.Duration, now time.Time) (func(), error) {
	name := "haloy-lock-" + app
	l := map[string]string{LockLabel: app}
	for attempt := 0; attempt < 2; attempt++ {
		err := cs.CreateConfig(ctx, name, l, []byte(now.UTC().Format(time.RFC3339)))
		if err == nil {
			return func() { _ = cs.RemoveConfig(context.WithoutCancel(ctx), name) }, nil
		}
		held, lerr := cs.ListConfigs(ctx, l)
		if lerr != nil {
			return nil, fmt.Errorf("taking the deploy lock of %s: %w", app, errors.Join(err, lerr))
		}
		if len(held) == 0 {
			continue // released meanwhile
		}
		if age := now.Sub(held[0].Created); age < ttl {
			return nil, fmt.Errorf("%w: %s holds the lock since %s (it is taken over after %s)", ErrLocked, app, held[0].Created.Format(time.RFC3339), ttl)
		}
		if err := cs.RemoveConfig(ctx, held[0].ID); err != nil {
			return nil, fmt.Errorf("taking over the stale deploy lock of %s: %w", app, err)
		}
	}
	return nil, fmt.Errorf("%w: could not take the lock of %s", ErrLocked, app)
}

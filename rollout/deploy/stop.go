package deploy

import (
	"context"
	"errors"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// stopLockTTL is how long a stop holds the app's deploy lock at most.
const stopLockTTL = config.DefaultDrainTimeout + config.DefaultStopGracePeriod + lockSlack

// Stop takes app out of routing and removes its containers, in an order
// that leaves no request hanging: the sidecar first retires the app (its
// servers drain, new requests get a 503 page at once), the stop waits until
// HAProxy holds no session on them (at most the default drain timeout),
// stops them gracefully and removes them, and last forgets the app's
// registrations, so that a later container of that name starts over. It
// returns how many containers it removed; an app with none is forgotten
// and succeeds.
func (d *Deployer) Stop(ctx context.Context, app string) (int, error) {
	unlock, err := d.lock(ctx, app, stopLockTTL)
	switch {
	case errors.Is(err, engine.ErrLocked):
		return 0, err
	case err != nil:
		// No sidecar to make the lock from: nothing routes the app either,
		// and stopping must work even then.
		d.step("warning: %v; stopping %s without the deploy lock", err, app)
	default:
		defer unlock()
	}
	cs, err := d.Engine.ListByLabel(ctx, labels.AppName, app)
	if err != nil {
		return 0, err
	}
	if len(cs) > 0 {
		d.drainApp(ctx, app)
		if err := d.Engine.StopAndRemove(ctx, cs); err != nil {
			return 0, err
		}
	}
	if d.Registry != nil {
		if err := d.Registry.Forget(ctx, app); err != nil {
			return len(cs), err
		}
	}
	return len(cs), nil
}

// drainApp asks the sidecar to drain app and waits until it has. A sidecar
// that cannot be asked is reported and the stop goes on: stopping must
// work even when routing is broken.
func (d *Deployer) drainApp(ctx context.Context, app string) {
	if d.Registry == nil {
		return
	}
	if err := d.Registry.Retire(ctx, app); err != nil {
		d.step("warning: %v; stopping %s without draining it first", err, app)
		return
	}
	d.step("draining %s", app)
	waitCtx, cancel := context.WithTimeout(ctx, config.DefaultDrainTimeout)
	defer cancel()
	busy := 0
	start := time.Now()
	err := d.follow(waitCtx, func(st wire.Status) (bool, error) {
		var done bool
		busy, done = retired(st.App(app))
		return done, nil
	})
	if err != nil && ctx.Err() == nil {
		d.step("drain timeout (%s) reached with %d replica(s) still busy; stopping them", config.DefaultDrainTimeout, busy)
		return
	}
	d.step("%s drained in %s", app, time.Since(start).Round(time.Millisecond))
}

// retired reports whether the sidecar has retired every deployment of the
// app that still runs and HAProxy holds no session on its replicas (done),
// and how many running replicas are still busy. An app the sidecar does
// not route is done.
func retired(a *routing.AppStatus) (busy int, done bool) {
	busy = a.Unretired()
	return busy, busy == 0
}

package swarm

import (
	"context"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/wire"
)

// Stop takes app out of routing and removes its services, as the one-host
// stop does: the sidecar retires the app (its tasks drain), the stop waits
// until HAProxy holds no session on them (at most the default drain
// timeout), removes the services, and forgets the app's registrations. The
// history stays with the cluster. It returns how many services it removed.
func (d *Deployer) Stop(ctx context.Context, app string) (int, error) {
	unlock, err := lock(ctx, d.Configs, app, config.DefaultDrainTimeout+config.DefaultStopGracePeriod+time.Minute, d.now())
	if err != nil {
		return 0, err
	}
	defer unlock()
	svcs, err := d.Cluster.Services(ctx, app)
	if err != nil {
		return 0, err
	}
	if len(svcs) > 0 && d.Registry != nil {
		if err := d.Registry.Retire(ctx, app); err != nil {
			d.step("warning: %v; removing %s without draining it first", err, app)
		} else {
			d.drained(ctx, app)
		}
	}
	for _, s := range svcs {
		if err := d.Cluster.RemoveService(ctx, s.ID); err != nil {
			return 0, err
		}
	}
	if d.Registry != nil {
		if err := d.Registry.Forget(ctx, app); err != nil {
			return len(svcs), err
		}
	}
	return len(svcs), nil
}

// drained waits until every running replica of the retired app is out of
// HAProxy's rotation with no session, or the default drain timeout.
func (d *Deployer) drained(ctx context.Context, app string) {
	d.step("draining %s", app)
	waitCtx, cancel := context.WithTimeout(ctx, config.DefaultDrainTimeout)
	defer cancel()
	start := time.Now()
	err := d.follow(waitCtx, func(st wire.Status) (bool, error) {
		return st.App(app).Unretired() == 0, nil
	})
	if err != nil && ctx.Err() == nil {
		d.step("drain timeout (%s) reached; removing the services", config.DefaultDrainTimeout)
		return
	}
	d.step("%s drained in %s", app, time.Since(start).Round(time.Millisecond))
}

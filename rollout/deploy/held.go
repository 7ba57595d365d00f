package deploy

import (
	"context"
	"errors"
)

// HoldPromotion asks the sidecar, when r can (a ReadyPromoter), to
// promote deployment id of app itself once every replica is ready; the
// channel gets the outcome (nil once promoted). It returns nil when r
// cannot hold it, and the deploy promotes.
func HoldPromotion(ctx context.Context, r any, app, id string) <-chan error {
	p, ok := r.(ReadyPromoter)
	if !ok {
		return nil
	}
	held := make(chan error, 1)
	go func() { held <- p.PromoteWhenReady(ctx, app, id) }()
	return held
}

// CheckHeld looks whether the sidecar's hold on a promotion (from
// HoldPromotion) ended: it returns the channel to keep watching (nil once
// ended) and whether the sidecar promoted. A hold that ended otherwise
// leaves the promotion to the deploy; step says why, unless the sidecar
// merely cannot hold one or the deploy's context ended.
func CheckHeld(held <-chan error, step func(format string, args ...any)) (<-chan error, bool) {
	select {
	case err := <-held:
		if err == nil {
			step("the new replicas are healthy; the sidecar promoted them")
			return nil, true
		}
		if !errors.Is(err, ErrNotHeld) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			step("warning: the sidecar cannot promote it when ready (%v); promoting it here", err)
		}
		return nil, false
	default:
		return held, false
	}
}

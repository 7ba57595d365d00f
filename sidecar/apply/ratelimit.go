package apply

import "time"

// DefaultReloadInterval is the shortest time the sidecar leaves between two
// reloads of HAProxy (Applier.ReloadInterval). Each reload starts a new
// worker and leaves the old one holding its open connections, so a burst of
// structural changes (apps appearing one by one, an app's labels changing
// back and forth) costs at most one reload a second: a change arriving
// sooner waits, and every change made meanwhile is folded into the next
// reload, since each pass renders the whole model again.
const DefaultReloadInterval = time.Second

// Deferred means the configuration changed in a way that needs a reload,
// but the last reload was less than ReloadInterval ago: nothing was
// installed, and a pass is asked for when the interval is over.
const Deferred Outcome = "reload-deferred"

// reloadWait returns how long a reload must still wait at now, or 0 when
// it may happen at once.
func (a *Applier) reloadWait(now time.Time) time.Duration {
	if a.ReloadInterval <= 0 || a.lastReload.IsZero() {
		return 0
	}
	return max(0, a.lastReload.Add(a.ReloadInterval).Sub(now))
}

// deferReload asks for one pass when the wait is over; passes deferred in
// the meantime ask for nothing more, as that pass sees their changes too.
func (a *Applier) deferReload(now time.Time, wait time.Duration) Outcome {
	due := now.Add(wait)
	if a.RetryLater != nil && a.retryAt.Before(now) {
		a.retryAt = due
		a.RetryLater(wait)
	}
	if a.Log != nil && !a.deferLogged {
		a.deferLogged = true
		a.Log.Info("structural change waits for the reload interval", "wait", wait, "interval", a.ReloadInterval)
	}
	return Deferred
}

// Package apply puts a routing model into a running HAProxy. The rendered
// configuration is always written to the shared volume, so a restarted
// HAProxy comes back with the full state; a configuration is only ever
// installed after `haproxy -c` accepted it, and the last good one keeps
// serving when a candidate is rejected. When a reload fails the file goes
// back to what HAProxy runs, so the next Apply, even a restarted sidecar's,
// tries again.
package apply

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// ConfigName is the configuration file's name in the shared folder.
const ConfigName = "haproxy.cfg"

// ErrHAProxyDown is returned by a Validator when no HAProxy is running to
// validate with; the configuration is then written for HAProxy to load
// when it starts.
var ErrHAProxyDown = errors.New("haproxy is not running")

// Validator checks a candidate configuration file with the HAProxy that
// will run it (`haproxy -c -f path`); path is as HAProxy sees it.
type Validator interface {
	Validate(ctx context.Context, path string) error
}

// Reloader makes HAProxy load the configuration file again, without
// dropping connections (the master socket's reload).
type Reloader interface {
	Reload(ctx context.Context) error
}

// Outcome says what Apply did.
type Outcome string

const (
	// Unchanged means the running configuration already matched.
	Unchanged Outcome = "unchanged"
	// Reloaded means a new configuration was validated, written and loaded.
	Reloaded Outcome = "reloaded"
	// Written means the configuration was written for a stopped HAProxy.
	Written Outcome = "written"
)

// Applier installs routing models into one HAProxy.
type Applier struct {
	// Dir is the shared configuration folder as the sidecar sees it.
	Dir string
	// HAProxyDir is the same folder as HAProxy sees it.
	HAProxyDir string
	// Settings are the non-model parts of the configuration.
	Settings haproxy.Settings
	// Validator checks candidates; Reloader loads them.
	Validator Validator
	Reloader  Reloader
	// Runtime applies server changes without a reload (nil: always reload).
	Runtime Runtime
	// RetryLater, when set, is asked for another pass after a delay, when
	// removed servers wait for HAProxy to purge their idle connections.
	RetryLater func(after time.Duration)
	// ReloadInterval is the shortest time between two reloads (see
	// DefaultReloadInterval); 0 means no limit. A structural change that
	// comes sooner is Deferred.
	ReloadInterval time.Duration
	// Log receives what happened.
	Log *slog.Logger

	mu           sync.Mutex
	applied      []byte          // the configuration HAProxy is known to run
	appliedModel haproxy.Model   // the model it was rendered from
	appliedShape []byte          // RenderStructure of appliedModel, nil until rendered
	nextShape    []byte          // RenderStructure of the model being applied
	known        bool            // appliedModel is known (not just the file)
	busy         map[string]bool // apps with removed servers not yet deleted
	rejection    *rejection      // apps left out of the last rejected model
	loaded       bool
	lastReload   time.Time // when the last reload was attempted
	retryAt      time.Time // when the pass asked for by deferReload comes
	deferLogged  bool      // the current deferral was logged
}

// Apply renders m and, if it differs from what HAProxy runs, validates,
// writes and loads it. When HAProxy rejects it, the apps it rejects are
// found (see isolate) and everything else is applied; Rejected then
// lists the apps left out.
func (a *Applier) Apply(ctx context.Context, m haproxy.Model) (Outcome, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.loadApplied()
	full := haproxy.Render(m, a.Settings)
	if r := a.rejection; r != nil && bytes.Equal(r.full, full) && time.Now().Before(r.until) {
		return a.applyModel(ctx, without(m, r.apps), nil)
	}
	var prior []RejectedApp
	if a.rejection != nil {
		prior = a.rejection.apps
	}
	a.rejection = nil
	out, err := a.applyModel(ctx, m, full)
	if !errors.Is(err, errRejected) || len(m.Apps) == 0 {
		return out, err
	}
	keep, rejected, err := a.isolate(ctx, m, err, prior)
	if err != nil {
		return out, err
	}
	a.rejection = &rejection{full: full, apps: rejected, until: time.Now().Add(RejectTTL)}
	return a.applyModel(ctx, keep, nil)
}

// Rejected returns the apps the last Apply left out because HAProxy
// rejects the configuration with them.
func (a *Applier) Rejected() []RejectedApp {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.rejection == nil {
		return nil
	}
	return append([]RejectedApp(nil), a.rejection.apps...)
}

// applyModel applies m, whose rendering is cfg (nil: not rendered yet).
func (a *Applier) applyModel(ctx context.Context, m haproxy.Model, cfg []byte) (Outcome, error) {
	if cfg == nil {
		cfg = haproxy.Render(m, a.Settings)
	}
	if bytes.Equal(cfg, a.applied) {
		a.appliedModel, a.known = m, true
		if len(a.busy) > 0 && a.Runtime != nil {
			_, err := a.syncApps(ctx, changedApps(m, m, a.busy))
			return Unchanged, err
		}
		return Unchanged, nil
	}
	if a.Runtime != nil && a.known && a.sameStructure(a.appliedModel, m) {
		n, err := a.applyRuntime(ctx, m, cfg)
		if err == nil {
			if a.Log != nil {
				a.Log.Info("servers changed through the runtime API, no reload", "changes", n)
			}
			a.applied, a.appliedModel, a.appliedShape = cfg, m, a.nextShape
			return RuntimeApplied, nil
		}
		if a.Log != nil {
			a.Log.Warn("runtime API change failed; reloading instead", "err", err)
		}
	}
	if wait := a.reloadWait(time.Now()); wait > 0 {
		return a.deferReload(time.Now(), wait), nil
	}
	out, err := a.install(ctx, m, cfg)
	if err == nil {
		a.appliedModel, a.appliedShape, a.known = m, nil, true
	}
	return out, err
}

// loadApplied reads the file on disk once: after a sidecar restart it is
// what HAProxy runs, so an unchanged model applies nothing.
func (a *Applier) loadApplied() {
	if a.loaded {
		return
	}
	a.loaded = true
	if b, err := os.ReadFile(filepath.Join(a.Dir, ConfigName)); err == nil {
		a.applied = b
	}
}

// candidateName is the file a new configuration is validated in.
const candidateName = ConfigName + ".candidate"

func (a *Applier) install(ctx context.Context, m haproxy.Model, cfg []byte) (Outcome, error) {
	if err := a.writeServingMap(m); err != nil {
		return "", err
	}
	verr := a.validate(ctx, cfg, true)
	if verr != nil && !errors.Is(verr, ErrHAProxyDown) {
		return "", verr
	}
	if err := a.installCandidate(); err != nil {
		return "", err
	}
	if errors.Is(verr, ErrHAProxyDown) {
		a.applied = cfg
		return Written, nil
	}
	a.lastReload, a.deferLogged = time.Now(), false
	if err := a.Reloader.Reload(ctx); err != nil {
		return "", fmt.Errorf("reloading haproxy: %w", a.restore(err))
	}
	a.applied = cfg
	return Reloaded, nil
}

// installCandidate moves the candidate into place atomically.
func (a *Applier) installCandidate() error {
	if err := os.Rename(filepath.Join(a.Dir, candidateName), filepath.Join(a.Dir, ConfigName)); err != nil {
		return fmt.Errorf("installing %s: %w", ConfigName, err)
	}
	return nil
}

// restore puts back the configuration HAProxy still runs after a failed
// reload, so the file on disk never claims a configuration HAProxy did not
// load: a restarted sidecar finds it differing from the model and reloads,
// instead of taking the unloaded file for the running one. It returns
// reloadErr, joined with any error of its own.
func (a *Applier) restore(reloadErr error) error {
	if a.applied == nil {
		return reloadErr
	}
	if err := writeFile(filepath.Join(a.Dir, candidateName), a.applied); err != nil {
		return errors.Join(reloadErr, err)
	}
	return errors.Join(reloadErr, a.installCandidate())
}

// writeFile writes data to path readable by HAProxy's unprivileged user.
func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

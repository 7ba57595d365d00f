package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// RejectTTL is how long the apps isolated from a rejected configuration
// stay left out of the same model without checking again; after it the
// full configuration is validated anew, so a rejection caused by a
// passing fault (an exec timeout) does not outlive it for long.
const RejectTTL = 2 * time.Minute

// RejectedApp is an app left out of HAProxy's configuration because
// `haproxy -c` rejects the configuration with it, and accepts it without.
type RejectedApp struct {
	// App is the app's name.
	App string
	// Reason is HAProxy's complaint (its first alert lines).
	Reason string
}

// errRejected marks a candidate `haproxy -c` refused.
var errRejected = errors.New("haproxy rejected the new configuration, the last good one keeps serving")

// rejection remembers the apps isolated from one full configuration.
type rejection struct {
	full  []byte // the rendered full model
	apps  []RejectedApp
	until time.Time
}

// validate writes cfg as the candidate and has HAProxy check it; the
// candidate is removed again unless keep is set and HAProxy accepted it
// (or is down).
func (a *Applier) validate(ctx context.Context, cfg []byte, keep bool) error {
	if err := writeFile(filepath.Join(a.Dir, candidateName), cfg); err != nil {
		return err
	}
	err := a.Validator.Validate(ctx, filepath.Join(a.HAProxyDir, candidateName))
	if err != nil && !errors.Is(err, ErrHAProxyDown) {
		err = fmt.Errorf("%w: %w", errRejected, err)
	}
	if !keep || (err != nil && !errors.Is(err, ErrHAProxyDown)) {
		os.Remove(filepath.Join(a.Dir, candidateName))
	}
	return err
}

// isolate finds the apps of m whose configuration HAProxy rejects, given
// that the whole of m is rejected with fullErr: it bisects the apps,
// keeping every group HAProxy accepts beside the ones kept so far. It
// returns the apps kept (a model HAProxy accepted) and the ones left out.
// When every app is left out the fault is not any app's (the settings,
// or a failing validator), and fullErr is returned. The apps rejected
// before (prior) are suspected first: when HAProxy accepts all the others,
// only the suspects are bisected, which keeps a pass short while other
// apps deploy beside a rejected one.
func (a *Applier) isolate(ctx context.Context, m haproxy.Model, fullErr error, prior []RejectedApp) (haproxy.Model, []RejectedApp, error) {
	var kept, suspects []haproxy.App
	var rejected []RejectedApp
	var find func(apps []haproxy.App, known error) error
	find = func(apps []haproxy.App, known error) error {
		err := known
		if err == nil {
			err = a.validate(ctx, haproxy.Render(haproxy.Model{Apps: concat(kept, apps)}, a.Settings), false)
		}
		switch {
		case err == nil:
			kept = concat(kept, apps)
			return nil
		case !errors.Is(err, errRejected):
			return err
		case len(apps) == 1:
			rejected = append(rejected, RejectedApp{App: apps[0].Name, Reason: haproxyComplaint(err)})
			return nil
		}
		half := len(apps) / 2
		if err := find(apps[:half], nil); err != nil {
			return err
		}
		return find(apps[half:], nil)
	}
	suspects = m.Apps
	if rest := without(m, prior); len(prior) > 0 && len(rest.Apps) < len(m.Apps) && len(rest.Apps) > 0 &&
		a.validate(ctx, haproxy.Render(rest, a.Settings), false) == nil {
		kept, suspects = rest.Apps, only(m, prior)
	}
	if err := find(suspects, fullErr); err != nil {
		return m, nil, err
	}
	if len(kept) == 0 {
		return m, nil, fullErr
	}
	return haproxy.Model{Apps: kept}, rejected, nil
}

// concat returns a new slice of a followed by b.
func concat(a, b []haproxy.App) []haproxy.App {
	return append(append(make([]haproxy.App, 0, len(a)+len(b)), a...), b...)
}

// haproxyComplaint keeps the alert lines of a validation error (at most
// three), which name what HAProxy refused.
func haproxyComplaint(err error) string {
	var alerts []string
	for line := range strings.Lines(err.Error()) {
		if strings.Contains(line, "[ALERT]") && len(alerts) < 3 {
			alerts = append(alerts, strings.TrimSpace(line))
		}
	}
	if len(alerts) == 0 {
		return strings.TrimSpace(err.Error())
	}
	return strings.Join(alerts, "; ")
}

// only returns the apps of m named in rejected.
func only(m haproxy.Model, rejected []RejectedApp) []haproxy.App {
	named := make(map[string]bool, len(rejected))
	for _, r := range rejected {
		named[r.App] = true
	}
	var out []haproxy.App
	for _, app := range m.Apps {
		if named[app.Name] {
			out = append(out, app)
		}
	}
	return out
}

// without returns m without the apps named in rejected.
func without(m haproxy.Model, rejected []RejectedApp) haproxy.Model {
	out := make(map[string]bool, len(rejected))
	for _, r := range rejected {
		out[r.App] = true
	}
	var keep haproxy.Model
	for _, app := range m.Apps {
		if !out[app.Name] {
			keep.Apps = append(keep.Apps, app)
		}
	}
	return keep
}

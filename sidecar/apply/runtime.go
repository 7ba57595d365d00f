package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// Runtime changes servers of a running HAProxy without a reload.
type Runtime interface {
	Servers(ctx context.Context, backend string) ([]haproxy.ServerState, error)
	AddServer(ctx context.Context, backend string, s haproxy.Server) error
	DrainServer(ctx context.Context, backend, name string) error
	ReadyServer(ctx context.Context, backend, name string) error
	RemoveServer(ctx context.Context, backend, name string) error
	// SetMapEntry sets key to value in the map file (see haproxy.Runtime).
	SetMapEntry(ctx context.Context, file, key, value string) error
}

// BusyRetryDelay is when a pass retries deleting servers whose idle
// connections HAProxy had not purged yet (pool-purge-delay is 1s).
const BusyRetryDelay = 2 * time.Second

// RuntimeApplied means only servers changed: they were added, drained or
// removed through the runtime API and the file was rewritten, no reload.
const RuntimeApplied Outcome = "runtime"

// applyRuntime brings each changed app's servers in HAProxy to the model
// through the runtime API, comparing with what HAProxy actually holds, then
// writes the file so a later reload or restart keeps the same state. It
// returns the number of server changes made.
func (a *Applier) applyRuntime(ctx context.Context, m haproxy.Model, cfg []byte) (int, error) {
	changes, err := a.syncApps(ctx, changedApps(a.appliedModel, m, a.busy))
	if err != nil {
		return changes, err
	}
	if err := a.writeServingMap(m); err != nil {
		return changes, err
	}
	if err := writeFile(filepath.Join(a.Dir, candidateName), cfg); err != nil {
		return changes, err
	}
	return changes, a.installCandidate()
}

// syncApps syncs each app's servers and remembers the apps that still hold
// a removed server with idle connections, to try again on a later pass.
func (a *Applier) syncApps(ctx context.Context, apps []haproxy.App) (int, error) {
	changes := 0
	for _, app := range apps {
		n, busy, err := a.syncServers(ctx, app)
		changes += n
		if err != nil {
			return changes, err
		}
		a.setBusy(app.Name, busy)
	}
	return changes, nil
}

// setBusy records whether app has servers awaiting deletion and, when some
// do, asks for another pass after the idle connections' purge delay.
func (a *Applier) setBusy(app string, busy bool) {
	if a.busy == nil {
		a.busy = map[string]bool{}
	}
	if !busy {
		delete(a.busy, app)
		return
	}
	a.busy[app] = true
	if a.RetryLater != nil {
		a.RetryLater(BusyRetryDelay)
	}
}

// syncServers makes HAProxy's servers of app match the model, in an
// order that never leaves the app without a server taking requests:
// first the servers that should take traffic are added or made ready (in
// every backend of the app), then the serving map names the serving
// backend (an app with variants), then the replaced ones are drained, and
// last the gone ones are removed. A removed server that still has idle
// connections (HAProxy refuses to delete it) stays in maintenance, taking
// no requests; busy reports it.
func (a *Applier) syncServers(ctx context.Context, app haproxy.App) (changes int, busy bool, err error) {
	backends := app.Backends()
	have := make([]map[string]haproxy.ServerState, len(backends))
	for i, b := range backends {
		actual, err := a.Runtime.Servers(ctx, b.Name)
		if err != nil {
			return 0, false, fmt.Errorf("reading servers of %s: %w", b.Name, err)
		}
		have[i] = map[string]haproxy.ServerState{}
		for _, s := range actual {
			have[i][s.Name] = s
		}
	}
	for _, draining := range []bool{false, true} {
		if draining && len(app.Variants) > 0 {
			file := a.Settings.ServingMap
			if file == "" {
				file = haproxy.DefaultServingMap
			}
			if err := a.Runtime.SetMapEntry(ctx, file, app.Name, app.ServingBackend()); err != nil {
				return changes, false, fmt.Errorf("switching %s to %s: %w", app.Name, app.ServingBackend(), err)
			}
			changes++
		}
		for i, b := range backends {
			for _, want := range b.Servers {
				if want.Draining != draining {
					continue
				}
				n, err := a.syncServer(ctx, b.Name, want, have[i])
				changes += n
				if err != nil {
					return changes, false, err
				}
			}
		}
	}
	for i, b := range backends {
		for _, want := range b.Servers {
			delete(have[i], want.Name)
		}
		for name := range have[i] {
			err := a.Runtime.RemoveServer(ctx, b.Name, name)
			switch {
			case errors.Is(err, haproxy.ErrServerBusy):
				busy = true
			case err != nil:
				return changes, false, fmt.Errorf("removing %s/%s: %w", b.Name, name, err)
			default:
				changes++
			}
		}
	}
	return changes, busy, nil
}

// syncServer adds want, or moves an existing server into or out of drain.
func (a *Applier) syncServer(ctx context.Context, backend string, want haproxy.Server, have map[string]haproxy.ServerState) (int, error) {
	cur, ok := have[want.Name]
	switch {
	case ok && (cur.Address != want.Address || cur.Port != want.Port):
		if err := a.Runtime.RemoveServer(ctx, backend, want.Name); err != nil {
			return 0, fmt.Errorf("replacing %s/%s: %w", backend, want.Name, err)
		}
		return 2, a.Runtime.AddServer(ctx, backend, want)
	case !ok:
		return 1, a.Runtime.AddServer(ctx, backend, want)
	case want.Draining && !cur.Draining():
		return 1, a.Runtime.DrainServer(ctx, backend, want.Name)
	case !want.Draining && (cur.Draining() || cur.Maintenance()):
		return 1, a.Runtime.ReadyServer(ctx, backend, want.Name)
	}
	return 0, nil
}

// sameStructure reports whether two models differ only in their servers.
// prev is the applied model: its structure is rendered once and kept until
// a reload replaces it.
func (a *Applier) sameStructure(prev, next haproxy.Model) bool {
	if a.appliedShape == nil {
		a.appliedShape = haproxy.RenderStructure(prev, a.Settings)
	}
	a.nextShape = haproxy.RenderStructure(next, a.Settings)
	return slices.Equal(a.appliedShape, a.nextShape)
}

// changedApps returns the apps of next whose servers or serving variant
// differ from prev's, and those with servers still awaiting deletion
// (busy). The two models have the same structure, so any difference is
// one of those.
func changedApps(prev, next haproxy.Model, busy map[string]bool) []haproxy.App {
	before := map[string]haproxy.App{}
	for _, app := range prev.Apps {
		before[app.Name] = app
	}
	var out []haproxy.App
	for _, app := range next.Apps {
		if busy[app.Name] || !reflect.DeepEqual(before[app.Name], app) {
			out = append(out, app)
		}
	}
	return out
}

// writeServingMap writes the serving map of m (see haproxy.RenderServingMap)
// into the shared folder, atomically, for HAProxy to read at its next
// (re)load; the running HAProxy gets the same entries through the runtime API.
func (a *Applier) writeServingMap(m haproxy.Model) error {
	tmp := filepath.Join(a.Dir, haproxy.ServingMapName+".tmp")
	if err := writeFile(tmp, haproxy.RenderServingMap(m)); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(a.Dir, haproxy.ServingMapName)); err != nil {
		return fmt.Errorf("installing %s: %w", haproxy.ServingMapName, err)
	}
	return nil
}

package apply

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/haloydev/haloy/haproxy"
)

// Runtime changes servers of a running HAProxy without a reload.
type Runtime interface {
	Servers(ctx context.Context, backend string) ([]haproxy.ServerState, error)
	AddServer(ctx context.Context, backend string, s haproxy.Server) error
	DrainServer(ctx context.Context, backend, name string) error
	ReadyServer(ctx context.Context, backend, name string) error
	RemoveServer(ctx context.Context, backend, name string) error
}

// RuntimeApplied means only servers changed: they were added, drained or
// removed through the runtime API and the file was rewritten, no reload.
const RuntimeApplied Outcome = "runtime"

// applyRuntime brings each changed app's servers in HAProxy to the model
// through the runtime API, comparing with what HAProxy actually holds, then
// writes the file so a later reload or restart keeps the same state. It
// returns the number of server changes made.
func (a *Applier) applyRuntime(ctx context.Context, m haproxy.Model, cfg []byte) (int, error) {
	changes := 0
	for _, app := range changedApps(a.appliedModel, m) {
		n, err := a.syncServers(ctx, app)
		changes += n
		if err != nil {
			return changes, err
		}
	}
	if err := writeFile(filepath.Join(a.Dir, candidateName), cfg); err != nil {
		return changes, err
	}
	return changes, a.installCandidate()
}

// syncServers makes HAProxy's servers of app match app.Servers, in an
// order that never leaves the backend without a server taking requests:
// first the servers that should take traffic are added or made ready, then
// the replaced ones are drained, and last the gone ones are removed.
func (a *Applier) syncServers(ctx context.Context, app haproxy.App) (int, error) {
	backend := haproxy.BackendName(app.Name)
	actual, err := a.Runtime.Servers(ctx, backend)
	if err != nil {
		return 0, fmt.Errorf("reading servers of %s: %w", backend, err)
	}
	have := map[string]haproxy.ServerState{}
	for _, s := range actual {
		have[s.Name] = s
	}
	changes := 0
	for _, draining := range []bool{false, true} {
		for _, want := range app.Servers {
			if want.Draining != draining {
				continue
			}
			n, err := a.syncServer(ctx, backend, want, have)
			changes += n
			if err != nil {
				return changes, err
			}
		}
	}
	for _, want := range app.Servers {
		delete(have, want.Name)
	}
	for name := range have {
		if err := a.Runtime.RemoveServer(ctx, backend, name); err != nil {
			return changes, fmt.Errorf("removing %s/%s: %w", backend, name, err)
		}
		changes++
	}
	return changes, nil
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

// changedApps returns the apps of next whose servers differ from prev's.
func changedApps(prev, next haproxy.Model) []haproxy.App {
	before := map[string][]haproxy.Server{}
	for _, app := range prev.Apps {
		before[app.Name] = app.Servers
	}
	var out []haproxy.App
	for _, app := range next.Apps {
		if !slices.Equal(before[app.Name], app.Servers) {
			out = append(out, app)
		}
	}
	return out
}

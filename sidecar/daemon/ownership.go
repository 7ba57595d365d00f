package daemon

import (
	"log/slog"
	"sync"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/ownership"
)

// keeper is the reconcile loop's view of the ownership store. It rereads
// the file on each pass, so the domains subcommand's changes count, and
// keeps the last table it read: a file it cannot read never lets a
// squatter win.
type keeper struct {
	store ownership.Store
	grace time.Duration
	log   *slog.Logger

	mu   sync.Mutex
	last ownership.Table
}

func newKeeper(path string, grace time.Duration, log *slog.Logger) (*keeper, error) {
	k := &keeper{store: ownership.Store{Path: path}, grace: grace, log: log}
	t, err := k.store.Load()
	if err != nil {
		return nil, err
	}
	k.last = t
	return k, nil
}

// Owners implements reconcile.Ownership.
func (k *keeper) Owners() routing.Owners {
	t, err := k.store.Load()
	k.mu.Lock()
	defer k.mu.Unlock()
	if err != nil {
		k.log.Error("reading domain owners failed; keeping the last ones read", "err", err)
	} else {
		k.last = t
	}
	return k.last.Owner
}

// Observe implements reconcile.Ownership.
func (k *keeper) Observe(apps []routing.AppStatus, now time.Time) bool {
	claims := make([]ownership.Claim, 0, len(apps))
	for _, a := range apps {
		claims = append(claims, ownership.Claim{App: a.Name, Hosts: hosts(a.Domains), API: isSidecarOnly(a)})
	}
	var changes []ownership.Change
	err := k.store.Update(func(t ownership.Table) (bool, error) {
		changes = ownership.Observe(t, claims, now, k.grace)
		k.mu.Lock()
		k.last = t
		k.mu.Unlock()
		return len(changes) > 0, nil
	})
	if err != nil {
		k.log.Error("saving domain owners failed", "err", err)
		return false
	}
	moved := false
	for _, c := range changes {
		k.logChange(c)
		moved = moved || c.Kind == ownership.Expired || c.Kind == ownership.TakenByAPIApp
	}
	return moved
}

func (k *keeper) logChange(c ownership.Change) {
	switch c.Kind {
	case ownership.OwnerGone:
		k.log.Warn("domain owner has no containers; the domain stays its own until free_at", "domain", c.Host, "owner", c.App, "free_at", c.FreeAt)
	case ownership.Expired:
		k.log.Warn("domain owner gone longer than the grace period; the domain is free", "domain", c.Host, "owner", c.App)
	default:
		k.log.Info("domain owner "+string(c.Kind), "domain", c.Host, "owner", c.App)
	}
}

// isSidecarOnly reports whether a is the api app served by the sidecar's
// own container only: labels on any other container cannot speak for it.
func isSidecarOnly(a routing.AppStatus) bool {
	if a.Name != APIApp {
		return false
	}
	n := 0
	for _, d := range a.Deployments {
		for _, r := range d.Replicas {
			if r.Container != SidecarContainer {
				return false
			}
			n++
		}
	}
	return n > 0
}

func hosts(ds []labels.Domain) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Canonical)
		out = append(out, d.Aliases...)
	}
	return out
}

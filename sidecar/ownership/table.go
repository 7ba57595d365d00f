// Package ownership keeps which app owns which domain. The app that first
// serves a domain owns it; redeploys, container restarts and sidecar
// restarts never change that. Another app claiming an owned domain is
// refused. An owner with no containers left keeps its domains for a grace
// period, after which they are free. Only Release and Transfer (the
// `docker haloy domains` commands) change an owner explicitly.
//
// The logic here is pure; Store keeps a Table on disk.
package ownership

import (
	"fmt"
	"sort"
	"time"
)

// DefaultGrace is how long an owner with no containers keeps its domains.
const DefaultGrace = 7 * 24 * time.Hour

// ReservedApp is the sidecar's own API app: the domains it serves are its
// own whoever held them before, and cannot be released or transferred.
const ReservedApp = "haloy-api"

// Entry is the owner of one domain.
type Entry struct {
	// App owns the domain.
	App string `json:"app"`
	// Since is when App became the owner.
	Since time.Time `json:"since"`
	// GoneSince is when App was first seen with no containers; zero while it has some.
	GoneSince time.Time `json:"gone_since,omitzero"`
	// FreeAt is when the domain becomes free if App does not come back; zero while App has containers.
	FreeAt time.Time `json:"free_at,omitzero"`
}

// Gone reports whether the owner had no containers when last observed.
func (e Entry) Gone() bool { return !e.GoneSince.IsZero() }

// Table maps host names (canonical domains and aliases) to their owners.
type Table map[string]Entry

// Owner returns the app owning host, if any.
func (t Table) Owner(host string) (string, bool) {
	e, ok := t[host]
	return e.App, ok
}

// Claim is what one app with containers serves after claims were settled.
type Claim struct {
	// App is the app's name.
	App string
	// Hosts are the domains and aliases it routes.
	Hosts []string
	// API is set when the claim comes from the sidecar's own container
	// as ReservedApp. A claim naming ReservedApp without it acquires
	// nothing, so no label can make a domain the api app's.
	API bool
}

// Change is one thing Observe changed, for the log.
type Change struct {
	// Host is the domain.
	Host string
	// App is its owner (the new one for Acquired, the old one otherwise).
	App string
	// Kind says what happened.
	Kind ChangeKind
	// FreeAt is when the domain becomes free, for OwnerGone.
	FreeAt time.Time
}

// ChangeKind is what happened to a domain's owner.
type ChangeKind string

// The kinds of Change.
const (
	Acquired      ChangeKind = "acquired"
	OwnerGone     ChangeKind = "owner gone"
	OwnerBack     ChangeKind = "owner back"
	Expired       ChangeKind = "expired"
	TakenByAPIApp ChangeKind = "taken by the api app"
)

// Observe updates t from what the apps with containers serve at now:
// unowned hosts go to the app serving them, owners without containers
// start (or continue) their grace period, and hosts whose grace period has
// passed become free. apps lists every app that has containers, in claim
// order. It returns the changes, sorted by host.
func Observe(t Table, apps []Claim, now time.Time, grace time.Duration) []Change {
	present := map[string]bool{}
	var changes []Change
	for _, a := range apps {
		present[a.App] = true
		if a.App == ReservedApp && !a.API {
			continue
		}
		for _, h := range a.Hosts {
			if c, ok := acquire(t, h, a.App, now); ok {
				changes = append(changes, c)
			}
		}
	}
	for h, e := range t {
		if c, ok := age(t, h, e, present[e.App], now, grace); ok {
			changes = append(changes, c)
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Host < changes[j].Host })
	return changes
}

func acquire(t Table, host, app string, now time.Time) (Change, bool) {
	e, owned := t[host]
	switch {
	case !owned:
		t[host] = Entry{App: app, Since: now}
		return Change{Host: host, App: app, Kind: Acquired}, true
	case app == ReservedApp && e.App != ReservedApp:
		t[host] = Entry{App: app, Since: now}
		return Change{Host: host, App: e.App, Kind: TakenByAPIApp}, true
	}
	return Change{}, false
}

func age(t Table, host string, e Entry, present bool, now time.Time, grace time.Duration) (Change, bool) {
	switch {
	case present && e.Gone():
		e.GoneSince, e.FreeAt = time.Time{}, time.Time{}
		t[host] = e
		return Change{Host: host, App: e.App, Kind: OwnerBack}, true
	case present:
		return Change{}, false
	case !e.Gone():
		e.GoneSince, e.FreeAt = now, now.Add(grace)
		t[host] = e
		return Change{Host: host, App: e.App, Kind: OwnerGone, FreeAt: e.FreeAt}, true
	case !now.Before(e.FreeAt):
		delete(t, host)
		return Change{Host: host, App: e.App, Kind: Expired}, true
	}
	return Change{}, false
}

// Release makes host free at once.
func Release(t Table, host string) error {
	e, ok := t[host]
	if !ok {
		return fmt.Errorf("domain %s has no owner", host)
	}
	if e.App == ReservedApp {
		return fmt.Errorf("domain %s is the sidecar's api domain; change it with docker haloy init --api-domain", host)
	}
	delete(t, host)
	return nil
}

// Transfer makes app the owner of host from now on.
func Transfer(t Table, host, app string, now time.Time) error {
	if app == "" {
		return fmt.Errorf("transfer %s: the new owner's app name is empty", host)
	}
	if e, ok := t[host]; ok && e.App == ReservedApp {
		return fmt.Errorf("domain %s is the sidecar's api domain; change it with docker haloy init --api-domain", host)
	}
	if app == ReservedApp {
		return fmt.Errorf("app %s is the sidecar's api app; it takes only its api domain", app)
	}
	t[host] = Entry{App: app, Since: now}
	return nil
}

package reconcile

import (
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/ownership"
)

// tableOwnership is an in-memory Ownership over the real ownership rules.
type tableOwnership struct {
	t     ownership.Table
	grace time.Duration
}

func (o *tableOwnership) Owners() routing.Owners { return o.t.Owner }

func (o *tableOwnership) Observe(apps []routing.AppStatus, now time.Time) bool {
	var claims []ownership.Claim
	for _, a := range apps {
		c := ownership.Claim{App: a.Name}
		for _, d := range a.Domains {
			c.Hosts = append(c.Hosts, d.Canonical)
		}
		claims = append(claims, c)
	}
	for _, ch := range ownership.Observe(o.t, claims, now, o.grace) {
		if ch.Kind == ownership.Expired {
			return true
		}
	}
	return false
}

func claimer(name, app string, created time.Time) routing.Container {
	return routing.Container{
		ID: "id-" + name, Name: name, Running: true, Ready: true, Address: "10.0.0." + name[len(name)-1:], Created: created,
		Labels: labels.Encode(labels.Route{AppName: app, Domains: []labels.Domain{{Canonical: "shop.example.test"}}}),
	}
}

func routedTo(res routing.Result, host string) string {
	for _, a := range res.Model.Apps {
		for _, d := range a.Domains {
			if d.Canonical == host {
				return a.Name
			}
		}
	}
	return ""
}

func TestBuildKeepsOwnerAgainstOlderSquatter(t *testing.T) {
	now := time.Now()
	own := &tableOwnership{t: ownership.Table{"shop.example.test": {App: "shop", Since: now.Add(-48 * time.Hour)}}, grace: time.Hour}
	l := &Loop{Ownership: own}
	cs := []routing.Container{claimer("shop-2", "shop", now), claimer("squat-1", "squat", now.Add(-24*time.Hour))}
	if got := routedTo(l.build(cs, nil), "shop.example.test"); got != "shop" {
		t.Fatalf("shop.example.test routed to %q, want the owner shop", got)
	}
	if own.t["shop.example.test"].App != "shop" {
		t.Fatalf("owner changed: %+v", own.t)
	}
}

// A domain whose gone owner's grace period ends goes to the waiting
// claimant in the same pass.
func TestBuildGivesExpiredDomainAtOnce(t *testing.T) {
	now := time.Now()
	own := &tableOwnership{t: ownership.Table{"shop.example.test": {App: "shop", Since: now.Add(-48 * time.Hour), GoneSince: now.Add(-2 * time.Hour), FreeAt: now.Add(-time.Hour)}}, grace: time.Hour}
	l := &Loop{Ownership: own}
	if got := routedTo(l.build([]routing.Container{claimer("next-1", "next", now)}, nil), "shop.example.test"); got != "next" {
		t.Fatalf("shop.example.test routed to %q, want next once shop's grace period is over", got)
	}
	if own.t["shop.example.test"].App != "next" {
		t.Fatalf("owner after expiry: %+v, want next", own.t)
	}
}

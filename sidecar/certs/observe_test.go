package certs

import (
	"context"
	"reflect"
	"testing"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/observe"
)

// TestCheckFollowsTheObservation: the loop orders exactly what the latest
// reconcile pass published (domains with the app that got them, and that
// app's e-mail, challenge and DNS provider), with no container to list or
// decode: the snapshots here are built by hand, with settings no label
// says. When a later pass gives a domain to another app, the next check
// orders it for that app.
func TestCheckFollowsTheObservation(t *testing.T) {
	tl := newTestLoop(t)
	shop := labels.Domain{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"}}
	tl.obs.feed.Publish(observe.Snapshot{Pass: 1, Routing: routing.Result{
		Model: haproxy.Model{Apps: []haproxy.App{{Name: "shop", Domains: []labels.Domain{shop}}}},
		ACME:  map[string]routing.ACME{"shop": {Email: "ops@example.com", Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136}},
	}})
	tl.Check(context.Background(), false)
	want := []acme.Request{{App: "shop", Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"},
		Email: "ops@example.com", Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136}}
	if !reflect.DeepEqual(tl.issuer.requests, want) {
		t.Fatalf("requests = %+v\nwant %+v", tl.issuer.requests, want)
	}

	tl.obs.feed.Publish(observe.Snapshot{Pass: 2, Routing: routing.Result{
		Model: haproxy.Model{Apps: []haproxy.App{{Name: "shop"}, {Name: "store", Domains: []labels.Domain{{Canonical: "shop.example.com"}}}}},
		ACME:  map[string]routing.ACME{"shop": {Challenge: labels.ChallengeHTTP01}, "store": {Email: "store@example.com", Challenge: labels.ChallengeHTTP01}},
	}})
	tl.Check(context.Background(), false)
	last := tl.issuer.requests[len(tl.issuer.requests)-1]
	if last.App != "store" || last.Email != "store@example.com" || last.Challenge != labels.ChallengeHTTP01 || len(tl.issuer.requests) != 2 {
		t.Errorf("after the domain moved: requests %+v, want a second one for store with its e-mail over http-01", tl.issuer.requests)
	}
	if d := statusOf(t, tl, "shop.example.com"); d.App != "store" {
		t.Errorf("report names app %q for shop.example.com, want store", d.App)
	}
}

package routing

import (
	"strings"
	"testing"
	"time"
)

// The owner's redeployed containers are newer than the squatter's, yet the
// owned domain and alias stay with the owner and the squatter is reported.
func TestBuildOwnedDomainRefusedToOlderSquatter(t *testing.T) {
	old := createdAt(dep1).Add(-time.Hour)
	cs := []Container{
		ctr("shop-new", "shop", dep3, "10.0.0.3", withDomains(domain("shop.example.test", "www.shop.example.test"))),
		ctr("squat", "squat", "", "10.0.0.9", createdOn(old), withDomains(domain("shop.example.test"), domain("squat.example.test", "www.shop.example.test"))),
	}
	owners := map[string]string{"shop.example.test": "shop", "www.shop.example.test": "shop"}
	res := BuildWith(cs, Input{Owners: func(h string) (string, bool) { o, ok := owners[h]; return o, ok }})
	got := map[string]string{}
	for _, a := range res.Model.Apps {
		for _, d := range a.Domains {
			got[d.Canonical] = a.Name
			for _, al := range d.Aliases {
				got[al] = a.Name
			}
		}
	}
	want := map[string]string{"shop.example.test": "shop", "www.shop.example.test": "shop", "squat.example.test": "squat"}
	if len(got) != len(want) {
		t.Fatalf("routed hosts %v, want %v", got, want)
	}
	for h, app := range want {
		if got[h] != app {
			t.Errorf("%s routed to %q, want %q (all: %v)", h, got[h], app, got)
		}
	}
	if len(res.Problems) != 2 {
		t.Fatalf("problems %v, want two (domain and alias of squat)", res.Problems)
	}
	for _, p := range res.Problems {
		if p.App != "squat" || p.Container != "squat" || p.Label == "" || !strings.Contains(p.Reason, "owned by app shop") || !strings.Contains(p.Hint, "docker haloy domains transfer") {
			t.Errorf("problem %+v: want squat refused, naming its label, the owner and the fix", p)
		}
	}
}

// Without an owner table, the older app keeps winning (unchanged behaviour).
func TestBuildWithoutOwnersOldestClaimWins(t *testing.T) {
	cs := []Container{
		ctr("shop-new", "shop", dep3, "10.0.0.3", withDomains(domain("shop.example.test"))),
		ctr("squat", "squat", "", "10.0.0.9", createdOn(createdAt(dep1).Add(-time.Hour)), withDomains(domain("shop.example.test"))),
	}
	for _, a := range Build(cs).Model.Apps {
		if a.Name == "shop" && len(a.Domains) != 0 {
			t.Errorf("shop routed %v without an owner table; the older squat should win", a.Domains)
		}
	}
}

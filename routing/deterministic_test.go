package routing

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// mixedFleet has several apps in every state, label errors and domain
// conflicts, so that any order dependence in Build shows.
func mixedFleet() []Container {
	return []Container{
		ctr("web-a1", "web", dep1, "10.0.0.1"),
		ctr("web-a2", "web", dep1, "10.0.0.2", notReady),
		ctr("web-b1", "web", dep2, "10.0.0.3"),
		ctr("web-b2", "web", dep2, "10.0.0.4"),
		ctr("web-c1", "web", dep3, "10.0.0.5", notReady),
		ctr("api-a1", "api", dep1, "10.0.1.1", stopped),
		ctr("api-b1", "api", dep2, "10.0.1.2", withDomains(domain("api.example.com", "web.example.com"))),
		ctr("shop-1", "shop", "", "10.0.2.1", withDomains(domain("shop.example.com"), domain("api.example.com"))),
		ctr("shop-2", "shop", "", "", noAddress, withDomains(domain("shop.example.com"), domain("api.example.com"))),
		ctr("bad-1", "bad", dep1, "10.0.3.1", withLabel(labels.Port, "0"), withLabel("dev.haloy.domian.0", "x")),
		ctr("bad-2", "bad", dep1, "10.0.3.2", withLabel(labels.Role, "db")),
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	want := Build(mixedFleet())
	if len(want.Problems) < 4 || len(want.Model.Apps) != 3 {
		t.Fatalf("the fleet must exercise problems and apps; got %d problems, %d apps", len(want.Problems), len(want.Model.Apps))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		cs := mixedFleet()
		rng.Shuffle(len(cs), func(a, b int) { cs[a], cs[b] = cs[b], cs[a] })
		if got := Build(cs); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d gave a different result:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func TestBuildDoesNotModifyItsInput(t *testing.T) {
	cs := mixedFleet()
	Build(cs)
	if !reflect.DeepEqual(cs, mixedFleet()) {
		t.Error("Build changed the containers it was given")
	}
}

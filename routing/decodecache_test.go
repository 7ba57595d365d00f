package routing

import (
	"reflect"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// TestDecodeCacheFollowsLabels builds twice with one container id whose
// labels changed in between: the second result must follow the new labels.
func TestDecodeCacheFollowsLabels(t *testing.T) {
	cache := &DecodeCache{}
	Build := func(cs []Container) Result { return BuildWith(cs, Input{Decoded: cache}) }
	c := Container{ID: "same-id", Name: "c1", Running: true, Ready: true, Address: "10.0.0.1",
		Labels: labels.Encode(labels.Route{AppName: "first", Domains: []labels.Domain{{Canonical: "first.example.com"}}})}
	if got := Build([]Container{c}).Model.Apps[0].Name; got != "first" {
		t.Fatalf("app = %q, want first", got)
	}
	c.Labels = labels.Encode(labels.Route{AppName: "second", Domains: []labels.Domain{{Canonical: "second.example.com"}}})
	if got := Build([]Container{c}).Model.Apps[0].Name; got != "second" {
		t.Errorf("after a label change app = %q, want second (stale cache)", got)
	}
	c.Labels = map[string]string{labels.Role: labels.RoleApp}
	if res := Build([]Container{c}); len(res.Model.Apps) != 0 || len(res.Problems) == 0 {
		t.Errorf("broken labels: %d apps, %d problems; want none routed and a problem", len(res.Model.Apps), len(res.Problems))
	}
}

// TestDecodeCacheKeepsResultsEqual builds the same containers twice (the
// second time from the cache) and compares the results.
func TestDecodeCacheKeepsResultsEqual(t *testing.T) {
	cache := &DecodeCache{}
	Build := func(cs []Container) Result { return BuildWith(cs, Input{Decoded: cache}) }
	var cs []Container
	for i, name := range []string{"a", "b", "b"} {
		cs = append(cs, Container{ID: string(rune('x' + i)), Name: name + string(rune('0'+i)), Running: true, Ready: true, Address: "10.0.0.9",
			Labels: labels.Encode(labels.Route{AppName: name, Domains: []labels.Domain{{Canonical: name + ".example.com", Aliases: []string{"www." + name + ".example.com"}}}})})
	}
	first, second := Build(cs), Build(cs)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("cached build differs:\n%+v\n%+v", first, second)
	}
}

// TestBuildKeepsNoPackageState checks that a build without a cache
// leaves nothing behind, and that a cache holds only its own builds'
// containers and forgets the ones gone.
func TestBuildKeepsNoPackageState(t *testing.T) {
	c := func(id, app string) Container {
		return Container{ID: id, Name: id, Running: true, Ready: true, Address: "10.0.0.1",
			Labels: labels.Encode(labels.Route{AppName: app, Domains: []labels.Domain{{Canonical: app + ".example.com"}}})}
	}
	mine, other := &DecodeCache{}, &DecodeCache{}
	BuildWith([]Container{c("a", "a"), c("b", "b")}, Input{Decoded: mine})
	Build([]Container{c("x", "x")})
	if mine.Len() != 2 || other.Len() != 0 {
		t.Fatalf("cache sizes %d and %d, want 2 and 0", mine.Len(), other.Len())
	}
	BuildWith([]Container{c("b", "b")}, Input{Decoded: mine})
	if mine.Len() != 1 {
		t.Errorf("cache holds %d containers after a has gone, want 1", mine.Len())
	}
}

package haproxy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// TestLiveVariantSwitch: an app with two variants routes each variant's
// domains (and alias redirects) only while the serving map names its
// backend; "set map" switches them with no reload, and a serving variant
// with no server taking requests answers the 503 page.
func TestLiveVariantSwitch(t *testing.T) {
	haproxyPath(t)
	oldSrv, newSrv := newBackend(t, "old", nil), newBackend(t, "new", nil)
	challenge := newBackend(t, "challenge", nil)
	m := Model{Apps: []App{{Name: "shop", Serving: "vold", Variants: []Variant{
		{Key: "vold", Domains: []labels.Domain{{Canonical: "old.example.com", Aliases: []string{"www.old.example.com"}}}, HealthCheckPath: "/", Servers: []Server{oldSrv.server()}},
		{Key: "vnew", Domains: []labels.Domain{{Canonical: "new.example.com"}}, HealthCheckPath: "/healthz", Servers: []Server{newSrv.server()}},
	}}}}
	var mapFile string
	h := startHAProxyWith(t, m, challenge.Listener.Addr().String(), func(s *Settings) {
		mapFile = filepath.Join(filepath.Dir(s.StatsSocket), ServingMapName)
		s.ServingMap = mapFile
		if err := os.WriteFile(mapFile, RenderServingMap(m), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	ctx := context.Background()
	reloads := func() int {
		n, err := h.master.Reloads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := reloads()
	expect := func(host string, status int, body string) {
		t.Helper()
		resp, got := h.get(host, "/")
		if resp.StatusCode != status || !strings.Contains(got, body) {
			t.Errorf("Host %s: %d %q, want %d %q", host, resp.StatusCode, got, status, body)
		}
	}
	expect("old.example.com", 200, "old")
	expect("new.example.com", 404, "404 Not Found")
	expect("www.old.example.com", 301, "")

	if err := h.runtime.SetMapEntry(ctx, mapFile, "shop", VariantBackendName("shop", "vnew")); err != nil {
		t.Fatal(err)
	}
	expect("new.example.com", 200, "new")
	expect("old.example.com", 404, "404 Not Found")
	expect("www.old.example.com", 404, "404 Not Found")

	if err := h.runtime.DrainServer(ctx, VariantBackendName("shop", "vnew"), "new"); err != nil {
		t.Fatal(err)
	}
	expect("new.example.com", 503, "no replica ready")

	if err := h.runtime.SetMapEntry(ctx, mapFile, "shop", VariantBackendName("shop", "vold")); err != nil {
		t.Fatal(err)
	}
	expect("old.example.com", 200, "old")
	if got, err := h.runtime.MapEntries(ctx, mapFile); err != nil || got["shop"] != VariantBackendName("shop", "vold") {
		t.Errorf("map entries %v, %v", got, err)
	}
	if n := reloads(); n != before {
		t.Errorf("%d reloads during the switches, want 0", n-before)
	}
}

func TestAllDomainsMergesVariants(t *testing.T) {
	a := App{Name: "shop", Variants: []Variant{
		{Key: "v1", Domains: []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"www.a.example.com"}}}},
		{Key: "v2", Domains: []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"a.example.org", "www.a.example.com"}}, {Canonical: "b.example.com"}}},
	}}
	got := a.AllDomains()
	want := []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"www.a.example.com", "a.example.org"}}, {Canonical: "b.example.com"}}
	if len(got) != len(want) || got[0].Canonical != want[0].Canonical || strings.Join(got[0].Aliases, ",") != strings.Join(want[0].Aliases, ",") || got[1].Canonical != want[1].Canonical {
		t.Errorf("AllDomains = %v, want %v", got, want)
	}
	if plain := (App{Domains: want}).AllDomains(); len(plain) != 2 {
		t.Errorf("an app without variants: %v", plain)
	}
}

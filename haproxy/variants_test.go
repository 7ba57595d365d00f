package haproxy

import (
	"bytes"
	"testing"

	"github.com/haloydev/haloy/labels"
)

func variantSample() Model {
	return Model{Apps: []App{{Name: "shop", Serving: "vb", Variants: []Variant{
		{Key: "va", Domains: []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"www.a.example.com"}}}, HealthCheckPath: "/",
			Servers: []Server{{Name: "s1", Address: "10.0.0.1", Port: "80", Draining: true}}},
		{Key: "vb", Domains: []labels.Domain{{Canonical: "b.example.com"}}, HealthCheckPath: "/healthz",
			Servers: []Server{{Name: "s2", Address: "10.0.0.2", Port: "80"}}},
	}}}}
}

// TestVariantStructure: switching the serving variant or changing a
// variant's servers leaves the structure alone (runtime API only) but
// changes the full file, so the change is applied; a variant's route is
// structure.
func TestVariantStructure(t *testing.T) {
	base := variantSample()
	structure, full := RenderStructure(base, tlsTestSettings), Render(base, tlsTestSettings)
	changes := map[string]struct {
		change func(*Model)
		reload bool
	}{
		"serving switched": {func(m *Model) { m.Apps[0].Serving = "va" }, false},
		"server drained":   {func(m *Model) { m.Apps[0].Variants[1].Servers[0].Draining = true }, false},
		"server removed":   {func(m *Model) { m.Apps[0].Variants[0].Servers = nil }, false},
		"health path":      {func(m *Model) { m.Apps[0].Variants[1].HealthCheckPath = "/up" }, true},
		"domain added": {func(m *Model) {
			m.Apps[0].Variants[0].Domains = append(m.Apps[0].Variants[0].Domains, labels.Domain{Canonical: "c.example.com"})
		}, true},
		"variant gone": {func(m *Model) { m.Apps[0].Variants = m.Apps[0].Variants[1:] }, true},
	}
	for name, c := range changes {
		t.Run(name, func(t *testing.T) {
			m := variantSample()
			c.change(&m)
			if reload := !bytes.Equal(structure, RenderStructure(m, tlsTestSettings)); reload != c.reload {
				t.Errorf("structure changed = %v, want %v", reload, c.reload)
			}
			if bytes.Equal(full, Render(m, tlsTestSettings)) {
				t.Error("the full file did not change, so the change would never be applied")
			}
		})
	}
	if got, want := string(RenderServingMap(base)), "shop app_shop.vb\n"; got != want {
		t.Errorf("serving map %q, want %q", got, want)
	}
}

package apply

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// variantModel is app web with two routes (old and new), serving serving;
// the old variant's server drains while the new one serves.
func variantModel(serving string, newReady bool) haproxy.Model {
	old := haproxy.Variant{Key: "vold", Domains: []labels.Domain{{Canonical: "old.example.com"}}, HealthCheckPath: "/",
		Servers: []haproxy.Server{{Name: "web-1", Address: "10.0.0.1", Port: "80", Draining: serving == "vnew"}}}
	next := haproxy.Variant{Key: "vnew", Domains: []labels.Domain{{Canonical: "new.example.com"}}, HealthCheckPath: "/healthz"}
	if newReady {
		next.Servers = []haproxy.Server{{Name: "web-2", Address: "10.0.0.2", Port: "80"}}
	}
	return haproxy.Model{Apps: []haproxy.App{{Name: "web", Serving: serving, Variants: []haproxy.Variant{old, next}}}}
}

// TestVariantSwitchIsARuntimeChange: the newest replica of an app with two
// routes flapping switches the serving map through the runtime API, the
// new server readied before the switch and the old one drained after it,
// with no reload; the map file on disk follows.
func TestVariantSwitchIsARuntimeChange(t *testing.T) {
	g := newRig(t)
	rt := &fakeRuntime{servers: map[string][]haproxy.ServerState{}}
	g.a.Runtime = rt
	if out, err := g.apply(t, variantModel("vold", false)); err != nil || out != Reloaded {
		t.Fatalf("first apply = %s, %v; want reloaded", out, err)
	}
	rt.servers["app_web.vold"] = []haproxy.ServerState{{Name: "web-1", Address: "10.0.0.1", Port: "80", Weight: 100}}
	steps := []struct {
		serving string
		ready   bool
		calls   []string
	}{
		{"vnew", true, []string{"add web-2", "set map web app_web.vnew", "drain web-1"}},
		{"vold", false, []string{"ready web-1", "set map web app_web.vold", "remove web-2"}},
		{"vnew", true, []string{"add web-2", "set map web app_web.vnew", "drain web-1"}},
	}
	for i, s := range steps {
		rt.calls = nil
		m := variantModel(s.serving, s.ready)
		if out, err := g.apply(t, m); err != nil || out != RuntimeApplied {
			t.Fatalf("flap %d: apply = %s, %v; want runtime", i, out, err)
		}
		if !reflect.DeepEqual(rt.calls, s.calls) {
			t.Errorf("flap %d: runtime calls %v, want %v", i, rt.calls, s.calls)
		}
		b, err := os.ReadFile(filepath.Join(g.dir, haproxy.ServingMapName))
		if want := "web app_web." + s.serving + "\n"; err != nil || string(b) != want {
			t.Errorf("flap %d: map file %q, %v; want %q", i, b, err, want)
		}
	}
	if g.r.loads != 1 {
		t.Errorf("%d reloads, want only the first", g.r.loads)
	}
}

package haproxy

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// compareGolden fails unless got equals the golden file (rewritten first
// with -update) and returns the file's content.
func compareGolden(t *testing.T, golden string, got []byte) []byte {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Render differs from %s (run with -update if intended)\n--- got\n%s", golden, got)
	}
	return want
}

func TestRenderGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/model.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases found: %v", err)
	}
	for _, modelFile := range dirs {
		dir := filepath.Dir(modelFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			golden := filepath.Join(dir, "haproxy.cfg")
			compareGolden(t, golden, Render(readModel(t, modelFile), testSettings))
			checkConfig(t, golden)
		})
	}
}

func readModel(t *testing.T, file string) Model {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding %s: %v", file, err)
	}
	return m
}

func sampleModel() Model {
	return Model{Apps: []App{
		{
			Name:            "shop",
			Domains:         []labels.Domain{{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com", "a.shop.example.com"}}, {Canonical: "b.example.com"}},
			HealthCheckPath: "/healthz",
			Servers:         []Server{{Name: "s2", Address: "10.0.0.2", Port: "80"}, {Name: "s1", Address: "10.0.0.1", Port: "80", Draining: true}},
		},
		{Name: "blog", Domains: []labels.Domain{{Canonical: "blog.example.com"}}, HealthCheckPath: "/"},
	}}
}

// reversed returns m with apps, servers and domains in reverse order.
func reversed(m Model) Model {
	var out Model
	for i := len(m.Apps) - 1; i >= 0; i-- {
		a := m.Apps[i]
		a.Servers = append([]Server(nil), a.Servers...)
		for l, r := 0, len(a.Servers)-1; l < r; l, r = l+1, r-1 {
			a.Servers[l], a.Servers[r] = a.Servers[r], a.Servers[l]
		}
		a.Domains = append([]labels.Domain(nil), a.Domains...)
		for j := range a.Domains {
			a.Domains[j].Aliases = append([]string(nil), a.Domains[j].Aliases...)
			as := a.Domains[j].Aliases
			for l, r := 0, len(as)-1; l < r; l, r = l+1, r-1 {
				as[l], as[r] = as[r], as[l]
			}
		}
		out.Apps = append(out.Apps, a)
	}
	return out
}

func TestRenderIsDeterministic(t *testing.T) {
	m := sampleModel()
	first := Render(m, testSettings)
	if again := Render(m, testSettings); !bytes.Equal(first, again) {
		t.Fatal("two renders of one model differ")
	}
	if other := Render(reversed(m), testSettings); !bytes.Equal(first, other) {
		t.Errorf("order of apps, servers or aliases changes the output:\n%s\n---\n%s", first, other)
	}
	if m.Apps[0].Servers[0].Name != "s2" || m.Apps[0].Domains[0].Aliases[0] != "www.shop.example.com" {
		t.Error("Render modified its input")
	}
}

func TestRenderDefaults(t *testing.T) {
	cfg := string(Render(Model{}, Settings{}))
	for _, want := range []string{
		"bind :80\n",
		"stats socket " + DefaultStatsSocket + " mode 660 level admin expose-fd listeners\n",
		"server challenge " + DefaultChallengeServer + " init-addr last,libc,none\n",
		"timeout connect 5s\n", "timeout client 60s\n", "timeout server 60s\n",
		"timeout http-request 10s\n", "timeout tunnel 1h\n",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("default config lacks %q", want)
		}
	}
	for _, banned := range []string{"daemon", "http-server-close", "nbproc"} {
		if strings.Contains(cfg, banned) {
			t.Errorf("config contains %q", banned)
		}
	}
}

func TestRenderStructure(t *testing.T) {
	base := sampleModel()
	structure := RenderStructure(base, testSettings)
	if bytes.Contains(structure, []byte("server s1")) || bytes.Contains(structure, []byte("server s2")) {
		t.Fatalf("structure contains app servers:\n%s", structure)
	}
	changes := map[string]struct {
		change func(*Model)
		reload bool
	}{
		"server added":   {func(m *Model) { m.Apps[1].Servers = []Server{{Name: "b1", Address: "10.0.0.9", Port: "80"}} }, false},
		"server removed": {func(m *Model) { m.Apps[0].Servers = m.Apps[0].Servers[:1] }, false},
		"server drained": {func(m *Model) { m.Apps[0].Servers[0].Draining = true }, false},
		"app added":      {func(m *Model) { m.Apps = append(m.Apps, App{Name: "new", HealthCheckPath: "/"}) }, true},
		"domain added": {func(m *Model) {
			m.Apps[1].Domains = append(m.Apps[1].Domains, labels.Domain{Canonical: "x.example.com"})
		}, true},
		"alias removed":    {func(m *Model) { m.Apps[0].Domains[0].Aliases = nil }, true},
		"health path":      {func(m *Model) { m.Apps[1].HealthCheckPath = "/up" }, true},
		"no change at all": {func(m *Model) {}, false},
	}
	for name, c := range changes {
		t.Run(name, func(t *testing.T) {
			m := reversed(reversed(base)) // a deep copy
			c.change(&m)
			reload := !bytes.Equal(structure, RenderStructure(m, testSettings))
			if reload != c.reload {
				t.Errorf("structure changed = %v, want %v", reload, c.reload)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]string{"5s": "5s", "1h": "1h", "90s": "90s", "2m": "120s", "1500ms": "1500ms", "1ms": "1ms", "250us": "250us"} {
		d, err := time.ParseDuration(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := duration(d); got != want {
			t.Errorf("duration(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestWord(t *testing.T) {
	for in, want := range map[string]string{"/health": "/health", "/a#b": `/a\#b`, `/a b`: `/a\ b`, `/"q"`: `/\"q\"`} {
		if got := word(in); got != want {
			t.Errorf("word(%q) = %q, want %q", in, got, want)
		}
	}
}

package routing

import (
	"bytes"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// TestReadinessNeverChangesStructure: an app whose two current deployments
// ask for different domains or health paths renders the same structure
// (the part a reload is needed for) whether or not the newest replica is
// ready; only servers and runtime-API state differ.
func TestReadinessNeverChangesStructure(t *testing.T) {
	newDomains := withDomains(domain("new.example.com", "www.new.example.com"))
	newPath := withLabel(labels.HealthCheckPath, "/healthz")
	tests := []struct {
		name string
		mod  mod
	}{
		{"different domains", newDomains},
		{"different health path", newPath},
		{"both", func(c *Container) { newDomains(c); newPath(c) }},
	}
	settings := haproxy.Settings{TLS: haproxy.TLS{Port: 443, DefaultCert: "/c/default.pem", CrtList: "/c/list", HostsFile: "/c/hosts"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			build := func(ready bool) []byte {
				newest := ctr("b-2", "b", dep2, "10.0.0.3", tt.mod)
				if !ready {
					notReady(&newest)
				}
				res := Build([]Container{
					ctr("a-1", "a", dep1, "10.0.0.1"),
					ctr("b-1", "b", dep1, "10.0.0.2"),
					newest,
				})
				return haproxy.RenderStructure(res.Model, settings)
			}
			ready, flapped := build(true), build(false)
			if !bytes.Equal(ready, flapped) {
				t.Fatalf("a readiness flap changed the structure:\n--- newest ready\n%s\n--- newest not ready\n%s", ready, flapped)
			}
		})
	}
}

// TestVariantsServeAndDrain: with two routes, the serving map names the
// backend of the newest wholly ready deployment; the other deployment's
// replicas drain in their own backend; with nothing ready the newest
// variant serves (its empty backend answers 503); deployments asking for
// the same route share the app's one backend.
func TestVariantsServeAndDrain(t *testing.T) {
	newDomains := withDomains(domain("new.example.com"))
	build := func(cs ...Container) haproxy.App {
		t.Helper()
		res := Build(cs)
		if len(res.Model.Apps) != 1 {
			t.Fatalf("apps = %v", res.Model.Apps)
		}
		return res.Model.Apps[0]
	}
	keyOf := func(a haproxy.App, canonical string) string {
		for _, v := range a.Variants {
			if len(v.Domains) > 0 && v.Domains[0].Canonical == canonical {
				return v.Key
			}
		}
		t.Fatalf("no variant for %s in %+v", canonical, a.Variants)
		return ""
	}
	servers := func(a haproxy.App, key string) []haproxy.Server {
		for _, v := range a.Variants {
			if v.Key == key {
				return v.Servers
			}
		}
		return nil
	}

	ready := build(ctr("b-1", "b", dep1, "10.0.0.2"), ctr("b-2", "b", dep2, "10.0.0.3", newDomains))
	oldKey, newKey := keyOf(ready, "b.example.com"), keyOf(ready, "new.example.com")
	if ready.Serving != newKey || len(ready.Servers) != 0 || ready.Domains != nil {
		t.Errorf("newest ready: serving %s (want %s), app servers %v, domains %v", ready.Serving, newKey, ready.Servers, ready.Domains)
	}
	if got := servers(ready, oldKey); !equalServers(got, draining("b-1", "10.0.0.2")) {
		t.Errorf("old variant servers = %v, want b-1 draining", got)
	}
	if got := servers(ready, newKey); !equalServers(got, srv("b-2", "10.0.0.3")) {
		t.Errorf("new variant servers = %v, want b-2", got)
	}

	flapped := build(ctr("b-1", "b", dep1, "10.0.0.2"), ctr("b-2", "b", dep2, "10.0.0.3", newDomains, notReady))
	if flapped.Serving != oldKey || keyOf(flapped, "new.example.com") != newKey {
		t.Errorf("newest not ready: serving %s, want %s; keys must not change", flapped.Serving, oldKey)
	}
	if got := servers(flapped, oldKey); !equalServers(got, srv("b-1", "10.0.0.2")) {
		t.Errorf("old variant servers = %v, want b-1 serving", got)
	}

	none := build(ctr("b-1", "b", dep1, "10.0.0.2", notReady), ctr("b-2", "b", dep2, "10.0.0.3", newDomains, notReady))
	if none.Serving != newKey || len(servers(none, newKey))+len(servers(none, oldKey)) != 0 {
		t.Errorf("nothing ready: serving %s (want %s), servers %+v", none.Serving, newKey, none.Variants)
	}

	same := build(ctr("b-1", "b", dep1, "10.0.0.2"), ctr("b-2", "b", dep2, "10.0.0.3"))
	if len(same.Variants) != 0 || same.Serving != "" || !equalServers(same.Servers, draining("b-1", "10.0.0.2"), srv("b-2", "10.0.0.3")) {
		t.Errorf("same route: %+v, want one backend with b-1 draining and b-2", same)
	}
}

func equalServers(got []haproxy.Server, want ...haproxy.Server) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

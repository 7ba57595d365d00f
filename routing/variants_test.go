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

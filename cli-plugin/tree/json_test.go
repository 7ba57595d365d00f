package tree

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/internal/version"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/secrets"
	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/wire"
	"github.com/haloydev/haloy/wire/certstatus"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/json")

var when = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// jsonCases are the documents scripts read: each command's --format json
// output, once with every list empty (nil) and once filled in.
func jsonCases() map[string]any {
	return map[string]any{
		"status-empty": statusWithCerts{},
		"status": statusWithCerts{DaemonStatus: wire.DaemonStatus{
			Status: wire.Status{
				Apps: []routing.AppStatus{{Name: "web", Serving: "20261201120000",
					Domains: []labels.Domain{{Canonical: "web.example.com", Aliases: []string{"www.web.example.com"}}, {Canonical: "api.example.com"}},
					Deployments: []routing.DeploymentStatus{{ID: "20261201120000", State: routing.StateServing,
						Replicas: []routing.ReplicaStatus{{Container: "web-20261201120000-1", Address: "172.18.0.5", Running: true, Ready: true}}}}}},
				Problems: []routing.Problem{{Container: "bad-1", App: "bad", Label: "dev.haloy.port", Reason: "is not a port", Hint: "use 1-65535"}},
				Passes:   3, LastPass: when,
			},
			Certificates: certstatus.Report{Domains: []certstatus.Domain{{Domain: "web.example.com", App: "web", State: certstatus.Valid, NotAfter: when}}},
			Follow:       &wire.FollowStatus{Version: "a1b2c3-4", Followers: []wire.FollowerStatus{{Name: "node2", Applied: "a1b2c3-4", Current: true, Live: true}}}},
			StoppedApps: []stoppedApp{{Name: "shop", State: "stopped", LastDeployment: "20261130100000", Image: "shop:20261130100000", Deployed: when}},
		},
		"domains-empty": []ownership.Listed(nil),
		"domains":       []ownership.Listed{{Domain: "web.example.com", Owner: "web", Since: when, State: ownership.StateOwnerGone, FreeAt: when.Add(time.Hour)}},
		"rollback-list": []rollbackTarget{{ID: "20261201120000", Image: "web:20261201120000", Saved: when, Current: true}},
		"secrets-empty": []secrets.Entry(nil),
		"secrets":       []secrets.Entry{{Name: "DB_PASSWORD", Created: when, Updated: when}},
		"deploy":        deployResult{Apps: []deployedApp{{Name: "web", DeploymentID: "20261201120000", Image: "ghcr.io/me/web:v1", Replicas: 2}}},
		"deploy-empty":  deployResult{},
		"version": versionReport{Client: version.Info{Version: "v1.2.0", Commit: "0123456789ab", GoVersion: "go1.26.0", Platform: "linux/amd64"},
			Sidecar: sidecarVersion{Version: "v1.1.0", Commit: "ba9876543210"}},
		"version-no-sidecar": versionReport{Client: version.Info{Version: "dev", Commit: "unknown", GoVersion: "go1.26.0", Platform: "linux/amd64"},
			Sidecar: sidecarVersion{Error: "no sidecar on this engine (run: docker haloy init)"}},
	}
}

// TestJSONShapes pins every JSON document to a golden file and checks the
// style: camelCase keys and no null (lists are [] when empty).
func TestJSONShapes(t *testing.T) {
	for name, v := range jsonCases() {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := writeJSON(&out, v); err != nil {
				t.Fatal(err)
			}
			for _, bad := range jsonout.Check(out.Bytes()) {
				t.Error(bad)
			}
			golden := filepath.Join("testdata", "json", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cli-plugin/tree -run TestJSONShapes -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("%s changed; got:\n%s", golden, out.String())
			}
		})
	}
}

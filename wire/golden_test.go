package wire

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire/certstatus"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// samples are one value of every wire type, as the golden files pin them.
func samples() map[string]any {
	at := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	app := config.App{Name: "web", Source: config.Source{Image: config.Image{Repository: "haloy/testapp", Tag: "v1"}},
		Domains: []config.Domain{{Domain: "web.example.com"}}}
	return map[string]any{
		"daemon-status": DaemonStatus{
			Status: Status{
				Apps: []routing.AppStatus{{Name: "web", Domains: []labels.Domain{{Canonical: "web.example.com"}}, Serving: "20261202010000",
					Deployments: []routing.DeploymentStatus{{ID: "20261202010000", State: routing.StateServing,
						Replicas: []routing.ReplicaStatus{{Container: "web-20261202010000-1"}}}}}},
				Problems: []routing.Problem{{Container: "broken", Label: labels.Port, Reason: "is not a port", Hint: "use a number"}},
				Passes:   3, LastPass: at, LastPassDuration: Duration(2 * time.Millisecond),
			},
			Certificates: certstatus.Report{CA: "https://acme.example/dir", Domains: []certstatus.Domain{{Domain: "web.example.com", App: "web", State: certstatus.Valid, NotAfter: at}}},
			Follow: &FollowStatus{Version: "a1b2c3-7", Followers: []FollowerStatus{
				{Name: "node2", Applied: "a1b2c3-7", Current: true, Live: true},
				{Name: "node3", Applied: "a1b2c3-6", LastPollAge: Duration(3 * time.Second), Live: true}}},
		},
		"deploy-request":   DeployRequest{App: app, Env: map[string]string{"KEY": "value"}, Timeout: Duration(2 * time.Minute), DeploymentID: "20261202010000"},
		"rollback-request": RollbackRequest{Env: map[string]string{"KEY": "value"}, Timeout: Duration(time.Minute)},
		"operation": Operation{ID: "op1", App: "web", Kind: "deploy", Started: at, Done: true, DeploymentID: "20261202010000",
			Events: "/v1/apps/web/deploys/op1/events", Log: []Event{{Time: at, Type: EventDone, DeploymentID: "20261202010000"}}},
		"stop-result":   StopResult{App: "web", Removed: 2},
		"version":       VersionBody{Version: "v1.0.0", API: "v1"},
		"error":         ErrorBody{Error: "app.replicas must be at least 1", Field: "app.replicas", Hint: "write replicas: 1"},
		"history-entry": HistoryEntry{ID: "20261202010000", Saved: at, Snapshot: Snapshot{App: app, Image: "haloy/testapp:20261202010000", ImageID: "sha256:1"}},
		"owned-domain":  OwnedDomain{Domain: "web.example.com", Owner: "web", Since: at, State: DomainOwnerGone, FreeAt: at.Add(time.Hour)},
	}
}

// TestWireJSONGolden pins the JSON of every wire type: a change of a key
// or a shape shows as a diff of testdata/<type>.json (go test ./wire -update).
func TestWireJSONGolden(t *testing.T) {
	for name, v := range samples() {
		got, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got = append(got, '\n')
		file := filepath.Join("testdata", name+".json")
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./wire -update)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", name, file, got, want)
		}
	}
}

var camelCase = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// TestWireKeysAreCamelCase walks every wire type's fields (and the types
// below) and checks each JSON key is camelCase.
func TestWireKeysAreCamelCase(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for name, v := range samples() {
		for _, bad := range badKeys(reflect.TypeOf(v), seen) {
			t.Errorf("%s: JSON key %s is not camelCase", name, bad)
		}
	}
}

func badKeys(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" {
		return nil
	}
	seen[t] = true
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && !f.Anonymous && name != "-" && !camelCase.MatchString(name) {
			out = append(out, t.Name()+"."+f.Name+` "`+name+`"`)
		}
		out = append(out, badKeys(f.Type, seen)...)
	}
	return out
}

// TestWireHasOneDurationType walks every wire type's fields (and the types
// below) and checks no duration is a bare time.Duration (an integer of
// nanoseconds in JSON): every duration is a Duration, a string like "2m".
func TestWireHasOneDurationType(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for name, v := range samples() {
		for _, bad := range bareDurations(reflect.TypeOf(v), seen) {
			t.Errorf("%s: %s is a time.Duration, want wire.Duration", name, bad)
		}
	}
}

func bareDurations(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" {
		return nil
	}
	seen[t] = true
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("json") == "-" {
			continue
		}
		if f.Type == reflect.TypeFor[time.Duration]() {
			out = append(out, t.Name()+"."+f.Name)
		}
		out = append(out, bareDurations(f.Type, seen)...)
	}
	return out
}

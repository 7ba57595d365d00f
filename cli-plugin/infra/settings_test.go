package infra

import (
	"reflect"
	"slices"
	"testing"
)

func TestMergeSettingsKeepsWhatWasGiven(t *testing.T) {
	first := Options{HTTPPort: 8080, ACMEEmail: "ops@example.com", SidecarImage: "haloy-sidecar:v1", Explicit: []string{"http-port", "acme-email"}}
	first.Normalize()
	recorded := Recorded{Options: first, Explicit: first.Explicit}

	// A re-run with only --metrics-port: the port and e-mail stay, the
	// sidecar image (never given) moves to this release's default.
	given := Options{MetricsPort: 9100, SidecarImage: "haloy-sidecar:v2", Explicit: []string{"metrics-port"}}
	given.Normalize()
	changed := func(f string) bool { return slices.Contains(given.Explicit, f) }
	got := MergeSettings(recorded, given, changed)
	if got.HTTPPort != 8080 || got.ACMEEmail != "ops@example.com" || got.MetricsPort != 9100 || got.SidecarImage != "haloy-sidecar:v2" {
		t.Errorf("merged = %+v", got)
	}
	if want := []string{"metrics-port", "http-port", "acme-email"}; !reflect.DeepEqual(got.Explicit, want) {
		t.Errorf("explicit = %v, want %v", got.Explicit, want)
	}

	changes := Changes(first, got)
	var flags []string
	for _, c := range changes {
		flags = append(flags, c.Flag)
	}
	if !reflect.DeepEqual(flags, []string{"sidecar-image", "metrics-port"}) {
		t.Errorf("changes = %+v", changes)
	}
	if r := Replaced(first, got); !slices.Contains(r, "haproxy") || !slices.Contains(r, "sidecar") {
		t.Errorf("a new metrics port publishes a port on HAProxy: replaced %v", r)
	}

	// --reset: everything not given takes its default.
	all := func(string) bool { return true }
	reset := MergeSettings(recorded, given, all)
	if reset.HTTPPort != DefaultHTTPPort || reset.ACMEEmail != "" || !reflect.DeepEqual(reset.Explicit, []string{"metrics-port"}) {
		t.Errorf("reset = %+v", reset)
	}
}

func TestReplacedBySidecarOnlyChange(t *testing.T) {
	a := Options{HTTPPort: 8080}
	b := a
	b.ACMEEmail = "new@example.com"
	if r := Replaced(a, b); slices.Contains(r, "haproxy") || !slices.Contains(r, "sidecar") {
		t.Errorf("an ACME e-mail change replaced %v, want the sidecar only", r)
	}
	if r := Replaced(a, a); len(r) != 0 {
		t.Errorf("no change replaced %v", r)
	}
}

func TestRecordedSettingsRoundTrip(t *testing.T) {
	o := Options{HTTPPort: 8080, TrustedProxies: []string{"10.0.0.0/8"}, Explicit: []string{"http-port"}}
	p := Project(o)
	r, ok, err := RecordedSettings(p.Services["sidecar"].Labels)
	if err != nil || !ok || r.Options.HTTPPort != 8080 || !reflect.DeepEqual(r.Explicit, []string{"http-port"}) {
		t.Errorf("recorded = %+v, %v, %v", r, ok, err)
	}
	if _, ok, _ := RecordedSettings(map[string]string{}); ok {
		t.Error("no label: recorded settings found")
	}
}

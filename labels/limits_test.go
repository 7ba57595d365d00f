package labels

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// manyLabels returns the labels of a good route plus n extra ones made by name.
func manyLabels(n int, name func(i int) string) map[string]string {
	l := valid()
	for i := range n {
		l[name(i)] = "x.example.com"
	}
	return l
}

func TestDecodeCaps(t *testing.T) {
	tests := []struct {
		name   string
		labels map[string]string
		label  string
		reason string
		hint   string
	}{
		{"too many labels", manyLabels(5000, func(i int) string { return "dev.haloy.junk." + strconv.Itoa(i) }),
			"dev.haloy.*", "more than the 256 allowed", "remove the dev.haloy.* labels"},
		{"too many domains", manyLabels(MaxDomains, func(i int) string { return DomainLabel(i + 1) }),
			"dev.haloy.domain.*", "202 domains and aliases, more than the 200", "split the names"},
		{"long key", with(map[string]string{Prefix + strings.Repeat("k", MaxKeyBytes): "1"}),
			Prefix + strings.Repeat("k", MaxKeyBytes-len(Prefix)) + "...", "longer than 128 bytes", "remove the label"},
		{"long value", with(map[string]string{ACMEEmail: strings.Repeat("a", 1<<20) + "@example.com"}),
			ACMEEmail, "longer than 4096 bytes", "shorten the value"},
		{"long replaces", with(map[string]string{Rollout: RolloutStartFirst, Replaces: strings.Repeat("web-1,", 11000) + "web-1"}),
			Replaces, "longer than 65536 bytes", "shorten the value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.labels)
			le := findLabelError(t, err, tt.label)
			if !strings.Contains(le.Reason, tt.reason) || !strings.Contains(le.Hint, tt.hint) {
				t.Errorf("got %q (%q), want reason %q and hint %q", le.Reason, le.Hint, tt.reason, tt.hint)
			}
			if len(le.Value) > 100 {
				t.Errorf("Value is %d bytes: the report repeats the oversized input", len(le.Value))
			}
		})
	}
}

func TestDecodeAcceptsCappedRoute(t *testing.T) {
	l := valid()
	delete(l, AliasLabel(0, 0))
	for i := range 100 {
		l[DomainLabel(i)] = "app" + strconv.Itoa(i) + ".example.com"
		l[AliasLabel(i, 0)] = "www.app" + strconv.Itoa(i) + ".example.com"
	}
	r, err := Decode(l)
	if err != nil {
		t.Fatalf("100 domains with an alias each: %v", err)
	}
	if len(r.Domains) != 100 {
		t.Errorf("decoded %d domains, want 100", len(r.Domains))
	}
}

// TestDecodeAcceptsLongReplaces: a scale-down from 500 replicas lists 500
// names in one Replaces label, which must still decode.
func TestDecodeAcceptsLongReplaces(t *testing.T) {
	names := make([]string, 500)
	for i := range names {
		names[i] = "my-app-20240102150405-" + strconv.Itoa(i+1)
	}
	r, err := Decode(with(map[string]string{Rollout: RolloutStartFirst, Replaces: strings.Join(names, ",")}))
	if err != nil || len(r.Replaces) != 500 {
		t.Fatalf("Decode = %d names, %v; want 500", len(r.Replaces), err)
	}
}

func TestValidateDeploymentIDAt(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for id, ok := range map[string]bool{
		"20261201120000": true, "20240101000000": true,
		"20261201120500": true, "20261201120501": false,
		"99991231235959": false, "2026": false,
	} {
		if err := ValidateDeploymentIDAt(id, now); (err == nil) != ok {
			t.Errorf("%s: err = %v, want ok=%v", id, err, ok)
		}
	}
}

// BenchmarkDecodeManyLabels measures the refusal of a container with 5,000
// unknown dev.haloy.* labels: it must cost microseconds, not seconds.
func BenchmarkDecodeManyLabels(b *testing.B) {
	l := manyLabels(5000, func(i int) string { return "dev.haloy.junk-label-" + strconv.Itoa(i) })
	for b.Loop() {
		if _, err := Decode(l); err == nil {
			b.Fatal("decoded")
		}
	}
}

package engine

import (
	"strings"
	"testing"
)

func TestPlanImage(t *testing.T) {
	tests := []struct {
		name           string
		policy         PullPolicy
		hasSource      bool
		target, source string
		want           ImageStep
	}{
		{"no source, target has it", PullMissing, false, "sha256:a", "", UseTarget},
		{"no source, target lacks it", PullMissing, false, "", "", PullFromRegistry},
		{"no source, always", PullAlways, false, "sha256:a", "", PullFromRegistry},
		{"no source, never, target has it", PullNever, false, "sha256:a", "", UseTarget},
		{"no source, never, target lacks it", PullNever, false, "", "", Missing},
		{"sidecar zero value, target lacks it", "", false, "", "", Missing},
		{"source has it, target lacks it", PullMissing, true, "", "sha256:a", CopyFromSource},
		{"source has it, target has the same", PullMissing, true, "sha256:a", "sha256:a", UseTarget},
		{"source rebuilt the tag", PullMissing, true, "sha256:old", "sha256:new", CopyFromSource},
		{"never still copies", PullNever, true, "", "sha256:a", CopyFromSource},
		{"source lacks it, target has it", PullMissing, true, "sha256:a", "", UseTarget},
		{"source lacks it, target lacks it: pull", PullMissing, true, "", "", PullFromRegistry},
		{"source lacks it, never", PullNever, true, "", "", Missing},
		{"source id ignored without a source", PullNever, false, "", "sha256:a", Missing},
	}
	for _, tt := range tests {
		if got := PlanImage(tt.policy, tt.hasSource, tt.target, tt.source); got != tt.want {
			t.Errorf("%s: PlanImage = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckCopyPolicy(t *testing.T) {
	if err := CheckCopyPolicy(PullAlways, "default"); err == nil || !strings.Contains(err.Error(), "--copy-image-from default") {
		t.Errorf("always with a source: %v, want a refusal naming the flag", err)
	}
	for _, p := range []PullPolicy{PullMissing, PullNever} {
		if err := CheckCopyPolicy(p, "default"); err != nil {
			t.Errorf("%s with a source: %v", p, err)
		}
	}
	if err := CheckCopyPolicy(PullAlways, ""); err != nil {
		t.Errorf("always without a source: %v", err)
	}
}

package deploy

import (
	"github.com/haloydev/haloy/labels"

	"testing"
	"time"
)

func TestNewID(t *testing.T) {
	now := time.Date(2026, 11, 30, 21, 0, 5, 500, time.UTC)
	tests := []struct {
		name  string
		taken []string
		want  string
	}{
		{"first", nil, "20261130210005"},
		{"older ids", []string{"20261130200000", "garbage"}, "20261130210005"},
		{"same second", []string{"20261130210005"}, "20261130210006"},
		{"clock behind", []string{"20261130210010", "20261130210007"}, "20261130210011"},
		{"far future id", []string{"99991231235959", "20261130210005"}, "20261130210006"},
		{"id beyond the skew", []string{"20261130210505"}, "20261130210005"},
		{"id at the skew's edge", []string{"20261130210504"}, "20261130210505"},
		{"malformed ids", []string{"2026113021000", "202611302100050", "+2026113021000", "20261130210005\n"}, "20261130210005"},
	}
	for _, tt := range tests {
		if got := NewID(now, tt.taken); got != tt.want {
			t.Errorf("%s: NewID = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestNewIDIsAlwaysValid checks that every id NewID returns is accepted by
// the sidecar's check, whatever ids the engine already holds.
func TestNewIDIsAlwaysValid(t *testing.T) {
	now := time.Date(2026, 11, 30, 21, 0, 5, 0, time.UTC)
	taken := []string{"99991231235959", "20261130210504", "20261130210503", "00000000000000", "x"}
	id := NewID(now, taken)
	if err := labels.ValidateDeploymentIDAt(id, now); err != nil {
		t.Errorf("NewID = %s: %v", id, err)
	}
}

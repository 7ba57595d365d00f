package deploy

import (
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
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

func TestPickID(t *testing.T) {
	now := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	taken := []string{"20261202005000", "20261202005959", "garbage", "20301231000000"}
	for _, tt := range []struct {
		proposed, want, err string
	}{
		{"", "20261202010000", ""},
		{"20261202010002", "20261202010002", ""},
		{"20261202005959", "", "not newer than deployment 20261202005959"},
		{"20261202004000", "", "not newer"},
		{"20261202020000", "", "future"},
		{"2026", "", "deployment id"},
	} {
		got, err := pickID(tt.proposed, now, taken)
		if tt.err == "" && (err != nil || got != tt.want) || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("pickID(%q) = %q, %v; want %q, error %q", tt.proposed, got, err, tt.want, tt.err)
		}
	}
}

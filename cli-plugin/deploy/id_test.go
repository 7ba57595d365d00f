package deploy

import (
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
	}
	for _, tt := range tests {
		if got := NewID(now, tt.taken); got != tt.want {
			t.Errorf("%s: NewID = %s, want %s", tt.name, got, tt.want)
		}
	}
}

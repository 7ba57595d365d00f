package faststart

import (
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
)

func TestHealth(t *testing.T) {
	check := &dockerspec.HealthcheckConfig{Test: []string{"CMD", "true"}, Interval: time.Second}
	long := &dockerspec.HealthcheckConfig{Test: []string{"CMD", "true"}, StartPeriod: 30 * time.Second}
	own := &dockerspec.HealthcheckConfig{Test: []string{"CMD", "true"}, StartInterval: time.Second}
	tests := []struct {
		name       string
		api        string
		image      *dockerspec.HealthcheckConfig
		wantPeriod time.Duration // 0: want nil
	}{
		{"1.44 with a HEALTHCHECK", "1.44", check, StartPeriod},
		{"1.45 keeps a longer start period", "1.45", long, 30 * time.Second},
		{"a later major version", "2.0", check, StartPeriod},
		{"1.43 has no start interval", "1.43", check, 0},
		{"an unknown API version", "", check, 0},
		{"an unreadable API version", "one.44", check, 0},
		{"no HEALTHCHECK", "1.45", nil, 0},
		{"an empty test", "1.45", &dockerspec.HealthcheckConfig{}, 0},
		{"HEALTHCHECK NONE", "1.45", &dockerspec.HealthcheckConfig{Test: []string{"NONE"}}, 0},
		{"the image's own start interval", "1.45", own, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Health(tt.api, tt.image)
			if tt.wantPeriod == 0 {
				if got != nil {
					t.Fatalf("Health = %+v, want nil", got)
				}
				return
			}
			if got == nil || got.StartPeriod != tt.wantPeriod || got.StartInterval != StartInterval || len(got.Test) != 0 {
				t.Fatalf("Health = %+v, want start period %s, interval %s and the image's test", got, tt.wantPeriod, StartInterval)
			}
		})
	}
}

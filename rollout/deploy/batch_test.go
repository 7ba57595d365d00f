package deploy

import (
	"strings"
	"testing"
)

func TestPlanBatches(t *testing.T) {
	tests := []struct {
		name                  string
		replicas, parallelism int
		old                   []string
		want                  string // batches separated by " | "
	}{
		{"one at a time", 3, 1, []string{"a", "b", "c"}, "1<-a | 2<-b | 3<-c"},
		{"two at a time", 3, 2, []string{"a", "b", "c"}, "1<-a 2<-b | 3<-c"},
		{"all at once", 3, 0, []string{"a", "b", "c"}, "1<-a 2<-b 3<-c"},
		{"parallelism above replicas", 2, 5, []string{"a", "b"}, "1<-a 2<-b"},
		{"scale up", 3, 1, []string{"a"}, "1<-a | 2<- | 3<-"},
		{"scale down: the last takes the rest", 2, 1, []string{"a", "b", "c", "d"}, "1<-a | 2<-b,c,d"},
		{"first deploy", 2, 1, nil, "1<- | 2<-"},
	}
	for _, tt := range tests {
		var parts []string
		for _, b := range PlanBatches(tt.replicas, tt.parallelism, tt.old) {
			parts = append(parts, b.String())
		}
		if got := strings.Join(parts, " | "); got != tt.want {
			t.Errorf("%s: PlanBatches = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRequestSettings(t *testing.T) {
	var r Request
	r.App.Replicas = 5
	r.App.Update.Parallelism = 2
	if r.batches() != 3 || r.update().Order != "start-first" || r.update().FailureAction != "rollback" {
		t.Errorf("batches = %d, update = %+v", r.batches(), r.update())
	}
	// 3 batches of (2m ready + 30s drain + 10s grace), plus a minute.
	if got, want := r.lockTTL().String(), "9m0s"; got != want {
		t.Errorf("lockTTL = %s, want %s", got, want)
	}
	r.ReadyTimeout = 5e9
	if r.readyTimeout().String() != "5s" {
		t.Errorf("readyTimeout ignores the request's override: %s", r.readyTimeout())
	}
}

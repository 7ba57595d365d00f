package config

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseRolloutErrors(t *testing.T) {
	tests := []struct {
		name, yaml, field, reason, hint string
		line                            int
	}{
		{"timeout without unit", minimal + "healthTimeout: 30\n", "healthTimeout", `"30" is not a duration`, "healthTimeout: 30s or 2m", 7},
		{"timeout zero", minimal + "drainTimeout: 0s\n", "drainTimeout", "drainTimeout is 0s", "use a positive duration", 7},
		{"negative grace", minimal + "stopGracePeriod: -1s\n", "stopGracePeriod", "stopGracePeriod is -1s", "exit after SIGTERM", 7},
		{"misspelt update key", minimal + "update:\n  paralelism: 1\n", "update.paralelism", `unknown key "paralelism" in update`, "did you mean parallelism?", 8},
		{"Compose spelling", minimal + "update:\n  failure_action: pause\n", "update.failure_action", "unknown key", "did you mean failureAction?", 8},
		{"negative parallelism", minimal + "update:\n  parallelism: -1\n", "update.parallelism", "update.parallelism is -1", "use 0 to replace the whole deployment", 8},
		{"unknown order", minimal + "update:\n  order: start_first\n", "update.order", `"start_first" is not one of start-first, stop-first`, "order: start-first (the default) or stop-first", 8},
		{"unknown failure action", minimal + "update:\n  failureAction: continue\n", "update.failureAction", "is not one of rollback, pause", "failureAction: rollback", 8},
		{"stop-first all at once", minimal + "replicas: 2\nupdate:\n  order: stop-first\n", "update.order", "stops all 2 replica(s) at once", "set update.parallelism below replicas", 9},
		{"stop-first as many as replicas", minimal + "replicas: 2\nupdate:\n  parallelism: 2\n  order: stop-first\n", "update.order", "parallelism 2 stops all 2", "order: start-first", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("haloy.yaml", []byte(tt.yaml))
			fe := findFieldError(t, err, tt.field, tt.reason)
			if fe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", fe.Line, tt.line, fe)
			}
			if !strings.Contains(fe.Hint, tt.hint) {
				t.Errorf("Hint = %q, want it to contain %q", fe.Hint, tt.hint)
			}
		})
	}
}

func TestUpdateBatched(t *testing.T) {
	if (Update{}).Batched() || !(Update{Parallelism: 1}).Batched() {
		t.Error("Batched should be true exactly when parallelism > 0")
	}
}

func TestDurationJSON(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{`"2m0s"`, 2 * time.Minute, true},
		{`"30s"`, 30 * time.Second, true},
		{`1000000000`, time.Second, true},
		{`"soon"`, 0, false},
		{`true`, 0, false},
	}
	for _, tt := range tests {
		var d Duration
		err := json.Unmarshal([]byte(tt.in), &d)
		if (err == nil) != tt.ok || d.D() != tt.want {
			t.Errorf("Unmarshal(%s) = %s, %v; want %s, ok=%v", tt.in, d.D(), err, tt.want, tt.ok)
		}
	}
	out, err := json.Marshal(Duration(90 * time.Second))
	if err != nil || string(out) != `"1m30s"` {
		t.Errorf("Marshal = %s, %v; want \"1m30s\"", out, err)
	}
}

func TestApplyRolloutDefaults(t *testing.T) {
	var a App
	a.ApplyDefaults()
	want := Update{Order: OrderStartFirst, FailureAction: FailureRollback}
	if a.HealthTimeout.D() != DefaultHealthTimeout || a.DrainTimeout.D() != DefaultDrainTimeout || a.StopGracePeriod.D() != DefaultStopGracePeriod || a.Update != want {
		t.Errorf("rollout defaults = %v %v %v %+v", a.HealthTimeout.D(), a.DrainTimeout.D(), a.StopGracePeriod.D(), a.Update)
	}
	a = App{HealthTimeout: Duration(time.Second), Update: Update{Parallelism: 1, Order: OrderStopFirst}}
	a.ApplyDefaults()
	if a.HealthTimeout.D() != time.Second || a.Update.Order != OrderStopFirst || a.Update.Parallelism != 1 {
		t.Errorf("ApplyDefaults replaced set rollout fields: %+v", a)
	}
}

package deploy

import (
	"testing"

	"github.com/haloydev/haloy/routing"
)

func TestFailedReplica(t *testing.T) {
	rep := func(name string, running bool, h routing.Health) routing.ReplicaStatus {
		return routing.ReplicaStatus{Container: name, Running: running, Health: h}
	}
	tests := []struct {
		name      string
		replicas  []routing.ReplicaStatus
		seen      []string // seen running before
		pastGrace bool
		want      string // failing container, "" for none
	}{
		{name: "created, not yet started, within the grace", replicas: []routing.ReplicaStatus{rep("a", false, "")}},
		{name: "stopped after it ran", replicas: []routing.ReplicaStatus{rep("a", true, ""), rep("b", false, "")}, seen: []string{"b"}, want: "b"},
		{name: "never ran, past the grace", replicas: []routing.ReplicaStatus{rep("a", false, "")}, pastGrace: true, want: "a"},
		{name: "unhealthy within the grace", replicas: []routing.ReplicaStatus{rep("a", true, routing.HealthUnhealthy)}},
		{name: "unhealthy past the grace", replicas: []routing.ReplicaStatus{rep("a", true, "healthy"), rep("b", true, routing.HealthUnhealthy)}, pastGrace: true, want: "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &routing.AppStatus{Deployments: []routing.DeploymentStatus{{ID: "2", Replicas: tt.replicas}}}
			seen := map[string]bool{}
			for _, s := range tt.seen {
				seen[s] = true
			}
			got := ""
			if r := failedReplica(a, "2", tt.pastGrace, seen); r != nil {
				got = r.Container
			}
			if got != tt.want {
				t.Errorf("failedReplica = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDrainDecisions(t *testing.T) {
	old := func(state routing.DeploymentState, r routing.ReplicaStatus) *routing.AppStatus {
		return &routing.AppStatus{Deployments: []routing.DeploymentStatus{
			{ID: "1", State: state, Replicas: []routing.ReplicaStatus{r}},
			{ID: "2", State: routing.StateServing, Replicas: []routing.ReplicaStatus{{Container: "new", Running: true, InHAProxy: "up", Sessions: 3}}},
		}}
	}
	tests := []struct {
		name      string
		app       *routing.AppStatus
		wantBusy  int
		wantEmpty bool // drained() of the old container
	}{
		{name: "no app", app: nil, wantBusy: 0, wantEmpty: true},
		{name: "old still serving", app: old(routing.StateServing, routing.ReplicaStatus{Container: "o", Running: true}), wantBusy: 1, wantEmpty: false},
		{name: "old draining, still up in HAProxy", app: old(routing.StateDraining, routing.ReplicaStatus{Container: "o", Running: true, Replaced: true, InHAProxy: "up"}), wantBusy: 1},
		{name: "old draining with sessions", app: old(routing.StateDraining, routing.ReplicaStatus{Container: "o", Running: true, Replaced: true, Sessions: 2}), wantBusy: 1},
		{name: "old drained", app: old(routing.StateDraining, routing.ReplicaStatus{Container: "o", Running: true, Replaced: true, InHAProxy: "drain"}), wantBusy: 0, wantEmpty: true},
		{name: "old stopped", app: old(routing.StateDraining, routing.ReplicaStatus{Container: "o", InHAProxy: "up", Sessions: 1}), wantBusy: 0, wantEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.app.BusyOutside("2"); got != tt.wantBusy {
				t.Errorf("busyReplicas = %d, want %d (the new deployment's sessions never count)", got, tt.wantBusy)
			}
			if got := drained(tt.app, []string{"o"}); got != tt.wantEmpty {
				t.Errorf("drained = %t, want %t", got, tt.wantEmpty)
			}
		})
	}
}

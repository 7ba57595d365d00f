package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/moby/moby/api/types/container"
)

func TestNeedsStart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state *container.State
		want  bool
	}{
		{"docker kill", &container.State{Status: container.StateExited, ExitCode: 137}, true},
		{"crash", &container.State{Status: container.StateExited, ExitCode: 1}, true},
		{"oom", &container.State{Status: container.StateExited, ExitCode: 0, OOMKilled: true}, true},
		{"dead", &container.State{Status: container.StateDead, ExitCode: 255}, true},
		{"docker stop", &container.State{Status: container.StateExited, ExitCode: 0}, false},
		{"running", &container.State{Status: container.StateRunning, Running: true}, false},
		{"restarting", &container.State{Status: container.StateRestarting, ExitCode: 137}, false},
		{"created", &container.State{Status: container.StateCreated}, false},
		{"paused", &container.State{Status: container.StatePaused}, false},
		{"unknown", nil, false},
	} {
		if got := NeedsStart(tc.state); got.Start != tc.want {
			t.Errorf("%s: NeedsStart = %+v, want Start %v", tc.name, got, tc.want)
		}
	}
}

func TestReviveStartsOnlyTheDead(t *testing.T) {
	api := &fakeAPI{state: &container.State{Status: container.StateExited, ExitCode: 137}}
	e := New(api, "haloy")
	if r, err := e.Revive(context.Background(), "haloy-haproxy"); err != nil || !r.Start {
		t.Fatalf("Revive of a killed container = %+v, %v; want a start", r, err)
	}
	if !slices.Equal(api.started, []string{"haloy-haproxy"}) {
		t.Errorf("started %v, want [haloy-haproxy]", api.started)
	}
	api.state = &container.State{Status: container.StateExited, ExitCode: 0}
	api.started = nil
	if r, err := e.Revive(context.Background(), "haloy-haproxy"); err != nil || r.Start || len(api.started) != 0 {
		t.Errorf("Revive of a stopped container = %+v, %v, started %v; want it left stopped", r, err, api.started)
	}
}

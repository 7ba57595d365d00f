package daemon

import (
	"testing"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/membership"
)

// The held-promotion gate for a Swarm service registration: its tasks
// are the replicas, however many there are, and every one seen (also one
// Swarm has not started yet) must run and be ready.
func TestMembersReadyCountsAServicesTasks(t *testing.T) {
	svc := membership.Deployment{Containers: []string{membership.ServicePrefix + "web-1"}}
	byID := membership.Deployment{Containers: []string{"a", "b"}}
	task := func(id, service string, running, ready bool) routing.Container {
		return routing.Container{ID: id, Service: service, Running: running, Ready: ready}
	}
	for _, c := range []struct {
		name string
		d    membership.Deployment
		cs   []routing.Container
		want bool
	}{
		{"three tasks ready", svc, []routing.Container{task("t1", "web-1", true, true), task("t2", "web-1", true, true), task("t3", "web-1", true, true)}, true},
		{"one task not started yet", svc, []routing.Container{task("t1", "web-1", true, true), task("t2", "web-1", false, false), task("t3", "web-1", true, true)}, false},
		{"one task running, not ready", svc, []routing.Container{task("t1", "web-1", true, true), task("t2", "web-1", true, false)}, false},
		{"no task yet", svc, nil, false},
		{"another service's tasks do not count", svc, []routing.Container{task("t1", "web-2", true, true)}, false},
		{"registered ids: one missing", byID, []routing.Container{task("a", "", true, true)}, false},
		{"registered ids: both ready", byID, []routing.Container{task("a", "", true, true), task("b", "", true, true)}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := membersReady(c.d, c.cs); got != c.want {
				t.Errorf("membersReady = %t, want %t", got, c.want)
			}
		})
	}
}

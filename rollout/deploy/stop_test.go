package deploy

import (
	"testing"

	"github.com/haloydev/haloy/routing"
)

func TestRetired(t *testing.T) {
	rep := func(running bool, in string, sessions int) routing.ReplicaStatus {
		return routing.ReplicaStatus{Container: "c", Running: running, InHAProxy: in, Sessions: sessions}
	}
	dep := func(retiring bool, rs ...routing.ReplicaStatus) routing.DeploymentStatus {
		return routing.DeploymentStatus{ID: "20260101120000", Retiring: retiring, Replicas: rs}
	}
	tests := []struct {
		name     string
		app      *routing.AppStatus
		wantBusy int
		wantDone bool
	}{
		{"app not routed", nil, 0, true},
		{"sidecar has not retired it yet", &routing.AppStatus{Deployments: []routing.DeploymentStatus{dep(false, rep(true, "drain", 0))}}, 1, false},
		{"retired but HAProxy still sends to it", &routing.AppStatus{Deployments: []routing.DeploymentStatus{dep(true, rep(true, "up", 0))}}, 1, false},
		{"retired, sessions in flight", &routing.AppStatus{Deployments: []routing.DeploymentStatus{dep(true, rep(true, "drain", 2), rep(true, "drain", 0))}}, 1, false},
		{"retired and drained", &routing.AppStatus{Deployments: []routing.DeploymentStatus{dep(true, rep(true, "drain", 0), rep(true, "", 0))}}, 0, true},
		{"stopped replicas do not count", &routing.AppStatus{Deployments: []routing.DeploymentStatus{dep(false, rep(false, "", 0))}}, 0, true},
	}
	for _, tt := range tests {
		busy, done := retired(tt.app)
		if busy != tt.wantBusy || done != tt.wantDone {
			t.Errorf("%s: retired = %d, %v; want %d, %v", tt.name, busy, done, tt.wantBusy, tt.wantDone)
		}
	}
}

package daemon

import (
	"testing"

	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/sidecar/routing"
)

func TestIsSidecarOnly(t *testing.T) {
	if APIApp != ownership.ReservedApp {
		t.Fatalf("daemon.APIApp %q != ownership.ReservedApp %q", APIApp, ownership.ReservedApp)
	}
	app := func(name string, ctrs ...string) routing.AppStatus {
		d := routing.DeploymentStatus{}
		for _, c := range ctrs {
			d.Replicas = append(d.Replicas, routing.ReplicaStatus{Container: c})
		}
		return routing.AppStatus{Name: name, Deployments: []routing.DeploymentStatus{d}}
	}
	tests := []struct {
		a    routing.AppStatus
		want bool
	}{
		{app(APIApp, SidecarContainer), true},
		{app(APIApp, SidecarContainer, "fake"), false},
		{app(APIApp), false},
		{app("shop", SidecarContainer), false},
	}
	for i, tt := range tests {
		if got := isSidecarOnly(tt.a); got != tt.want {
			t.Errorf("%d: isSidecarOnly(%+v) = %v, want %v", i, tt.a, got, tt.want)
		}
	}
}

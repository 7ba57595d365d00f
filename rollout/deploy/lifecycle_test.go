package deploy

import (
	"testing"

	"github.com/haloydev/haloy/routing"
)

func TestIsLeftover(t *testing.T) {
	const serving = "20260101120000"
	tests := []struct {
		name       string
		dep        routing.DeploymentStatus
		registered bool
		want       bool
	}{
		{"held, never promoted: the interrupted deploy's", routing.DeploymentStatus{ID: "20260102120000", State: routing.StateStarting, Held: true}, true, true},
		{"promoted but not switched yet: it may serve any moment", routing.DeploymentStatus{ID: "20260102120000", State: routing.StateStarting}, true, false},
		{"the serving one, even if reported starting", routing.DeploymentStatus{ID: serving, State: routing.StateStarting, Held: true}, true, false},
		{"serving", routing.DeploymentStatus{ID: "20260102120000", State: routing.StateServing}, true, false},
		{"draining", routing.DeploymentStatus{ID: "20251231120000", State: routing.StateDraining}, true, false},
		{"without registration, starting is left over", routing.DeploymentStatus{ID: "20260102120000", State: routing.StateStarting}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isLeftover(tt.dep, serving, tt.registered); got != tt.want {
				t.Errorf("isLeftover = %v, want %v", got, tt.want)
			}
		})
	}
}

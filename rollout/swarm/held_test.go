package swarm

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/rollout/deploy"
)

// holdingSidecar holds promotions as a session with the sidecar does:
// it promotes once every task of the deployment's service runs, or
// answers deploy.ErrNotHeld when notHeld is set (the relay's road).
type holdingSidecar struct {
	*memSidecar
	notHeld bool
}

func (h holdingSidecar) PromoteWhenReady(ctx context.Context, app, id string) error {
	if h.notHeld {
		return deploy.ErrNotHeld
	}
	for ctx.Err() == nil {
		svcs, _ := h.cluster.Services(ctx, app)
		for _, s := range svcs {
			tasks, _ := h.cluster.Tasks(ctx, s.ID)
			if s.DeploymentID == id && len(tasks) > 0 && tasks[0].State == swarm.TaskStateRunning {
				h.mu.Lock()
				h.served = id
				h.log = append(h.log, "held promotion "+id)
				h.mu.Unlock()
				return nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return ctx.Err()
}

func TestDeployLeavesThePromotionToTheSidecarWhenItHoldsIt(t *testing.T) {
	for _, c := range []struct {
		name    string
		notHeld bool
		want    string
	}{
		{"a session holds it", false, "held promotion "},
		{"the relay cannot: the deploy promotes", true, "promote "},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, _, sc, _ := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
			h := holdingSidecar{memSidecar: sc, notHeld: c.notHeld}
			d.Registry = h
			id, err := d.Deploy(context.Background(), Request{App: webApp("v1")})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"register " + id + " service:web-" + id, c.want + id}
			if !slices.Equal(sc.log, want) {
				t.Errorf("sidecar steps %v, want %v", sc.log, want)
			}
		})
	}
}

package swarm

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
)

func TestBatchedUpdatesAreRefused(t *testing.T) {
	for _, c := range []struct {
		parallelism int
		refused     bool
	}{{0, false}, {1, true}, {3, true}} {
		app := webApp("v1")
		app.Update = config.Update{Parallelism: c.parallelism}
		if err := checkUpdate(app); errors.Is(err, ErrBatchedUpdate) != c.refused {
			t.Errorf("parallelism %d: %v, refused want %t", c.parallelism, err, c.refused)
		}
		whole, changed := WholeDeployment(app)
		if changed != c.refused || whole.Update.Parallelism != 0 {
			t.Errorf("WholeDeployment with parallelism %d: %d, changed %t", c.parallelism, whole.Update.Parallelism, changed)
		}
	}
}

func TestBatchedDeployStartsNothing(t *testing.T) {
	d, c, sc, _ := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	app := webApp("v1")
	app.Update.Parallelism = 1
	if _, err := d.Deploy(context.Background(), Request{App: app}); !errors.Is(err, ErrBatchedUpdate) {
		t.Fatalf("a batched deploy on the Swarm: %v, want ErrBatchedUpdate", err)
	}
	if len(c.log) != 0 || len(sc.log) != 0 {
		t.Errorf("a refused deploy changed the cluster %v or the sidecar %v", c.log, sc.log)
	}
}

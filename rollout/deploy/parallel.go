package deploy

import (
	"context"
	"errors"
	"sync"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/spec"
)

// replicaSpec is replica number n of a service.
type replicaSpec struct {
	n   int
	svc spec.Service
}

// createAll creates the replicas of deployment id at the same time, which
// matters on a busy engine, and returns those it created (in spec order)
// with the errors of the others.
func (d *Deployer) createAll(ctx context.Context, app, id string, specs []replicaSpec) ([]engine.Container, error) {
	made := make([]engine.Container, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := spec.ContainerName(app, id, s.n)
			cid, err := d.Engine.Create(ctx, s.svc.Container(s.n, name))
			made[i], errs[i] = engine.Container{ID: cid, Name: name, Labels: s.svc.Labels}, err
		}()
	}
	wg.Wait()
	var out []engine.Container
	for i, c := range made {
		if errs[i] == nil {
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// startAll starts the containers at the same time.
func (d *Deployer) startAll(ctx context.Context, cs []engine.Container) error {
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = d.Engine.Start(ctx, c.ID)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

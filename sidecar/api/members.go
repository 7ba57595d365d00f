package api

import (
	"context"
	"errors"
	"time"

	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/sidecar/membership"
)

// LocalMembers is the sidecar's membership state as a deploy.Registry, so a
// deploy through the API registers and promotes like the CLI's.
type LocalMembers struct {
	// Store is the membership state file.
	Store membership.Store
}

var _ deploy.Registry = LocalMembers{}

// Register records the containers of deployment id of app.
func (m LocalMembers) Register(_ context.Context, app, id string, containers []string, promote bool) error {
	return m.Store.Update(func(st *membership.State) error {
		st.Register(app, id, containers, promote, time.Now())
		return nil
	})
}

// Promote routes a registered deployment.
func (m LocalMembers) Promote(_ context.Context, app, id string) error {
	return m.Store.Update(func(st *membership.State) error {
		if !st.Promote(app, id) {
			return errors.New("deployment " + id + " of " + app + " is not registered")
		}
		return nil
	})
}

// Retire takes every container of app out of routing: they drain.
func (m LocalMembers) Retire(_ context.Context, app string) error {
	return m.Store.Update(func(st *membership.State) error { st.Retire(app); return nil })
}

// Forget drops the app's registrations and Compose binding.
func (m LocalMembers) Forget(_ context.Context, app string) error {
	return m.Store.Update(func(st *membership.State) error { st.Forget(app); return nil })
}

// HandOver records drained containers for the sidecar to stop and remove.
func (m LocalMembers) HandOver(_ context.Context, app string, containers []string) error {
	return m.Store.Update(func(st *membership.State) error { st.Retiring(app, containers, time.Now()); return nil })
}

package swarm

import (
	"errors"
	"fmt"

	"github.com/haloydev/haloy/config"
)

// ErrBatchedUpdate refuses update.parallelism on a Swarm. A batched update
// would scale the old deployment's service down step by step, and Swarm
// alone picks which of its tasks to stop (by node balance, in no fixed
// order among equals), with no API to stop a given task, so Haloy could
// not drain the tasks that stop before they stop.
var ErrBatchedUpdate = errors.New("update.parallelism (a batched rolling update) is not supported on a Swarm yet")

// checkUpdate refuses an app whose update is batched, before anything is
// locked or started.
func checkUpdate(app config.App) error {
	if !app.Update.Batched() {
		return nil
	}
	return fmt.Errorf("%w: %s asks for parallelism %d; remove update.parallelism to replace the whole deployment at once (start-first: the new service starts beside the old one, which is drained before it is removed)",
		ErrBatchedUpdate, app.Name, app.Update.Parallelism)
}

// WholeDeployment returns app with its update made whole (parallelism 0),
// for a rollback of a deployment recorded before batched updates were
// refused here, and whether it changed anything.
func WholeDeployment(app config.App) (config.App, bool) {
	if !app.Update.Batched() {
		return app, false
	}
	app.Update.Parallelism = 0
	return app, true
}

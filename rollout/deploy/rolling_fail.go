package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
)

// ErrPaused means a batched update failed and, as update.failureAction:
// pause asks, was left as it was: both versions serve.
var ErrPaused = fmt.Errorf("update paused")

// fail applies the failure action to a batched update that failed with
// cause, even when ctx was cancelled (Ctrl-C), and returns the error to
// report.
func (r *rollout) fail(ctx context.Context, cause error, action string) error {
	ctx = context.WithoutCancel(ctx)
	if action == config.FailurePause {
		return fmt.Errorf("%w\n%w (update.failureAction: pause): %d new replica(s) of deployment %s started, %d old one(s) stopped, the rest as it was; deploy again to finish, or roll back with: docker haloy rollback %s",
			cause, ErrPaused, len(r.started), r.id, len(r.stopped), r.req.App.Name)
	}
	r.d.step("rolling back (update.failureAction: rollback): putting the replaced replicas back, removing the new ones")
	if err := r.rollBack(ctx); err != nil {
		return fmt.Errorf("%w\nrolling back failed too: %v", cause, err)
	}
	return fmt.Errorf("%w\nrolled back (update.failureAction: rollback): the previous deployment serves again", cause)
}

// rollBack undoes the update: new replicas that take no traffic are
// removed and the old ones they replaced started again; for a new replica
// that serves, a copy of each old container it replaced is started that
// takes over from it, and only then is it drained and removed.
func (r *rollout) rollBack(ctx context.Context) error {
	serving, idle, err := r.splitServing(ctx)
	if err != nil {
		return err
	}
	r.d.removeAll(ctx, idle)
	restarted, err := r.restartStopped(ctx, serving)
	if err != nil {
		return err
	}
	if err := r.takeBack(ctx, serving); err != nil {
		return err
	}
	return r.d.waitReplicasReady(ctx, r.req.App.Name, restarted, r.req.readyTimeout(), "")
}

// splitServing splits the new replicas into those that are ready (and so
// may serve) and the others.
func (r *rollout) splitServing(ctx context.Context) (serving, idle []engine.Container, err error) {
	st, err := r.d.Sidecar.Status(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range r.started {
		if rep := replicaNamed(st.App(r.req.App.Name), c.Name); rep != nil && rep.Running && rep.Ready {
			serving = append(serving, c)
		} else {
			idle = append(idle, c)
		}
	}
	return serving, idle, nil
}

// restartStopped starts again the stopped old replicas that no serving new
// replica replaces.
func (r *rollout) restartStopped(ctx context.Context, serving []engine.Container) ([]engine.Container, error) {
	taken := replacedSet(serving)
	var out []engine.Container
	for _, c := range r.stopped {
		if taken[c.Name] {
			continue
		}
		if err := r.d.Engine.Start(ctx, c.ID); err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// takeBack puts back a copy of each old container a serving new replica
// replaced, labelled to take over from it; once the copies are ready the
// new replicas drain and are removed, and so are the originals.
func (r *rollout) takeBack(ctx context.Context, serving []engine.Container) error {
	var copies, originals, replacing, alone []engine.Container
	var news []string
	for _, y := range serving {
		if y.Labels[labels.Replaces] == "" {
			alone = append(alone, y) // added capacity, nothing to put back
			continue
		}
		news, replacing = append(news, y.Name), append(replacing, y)
		for _, name := range splitLabel(y.Labels[labels.Replaces]) {
			x := r.old[name]
			extra := map[string]string{labels.Rollout: labels.RolloutStartFirst, labels.Replaces: y.Name}
			id, err := r.d.Engine.Clone(ctx, x.ID, x.Name+"-r", extra)
			if err != nil {
				return err
			}
			copies, originals = append(copies, engine.Container{ID: id, Name: x.Name + "-r"}), append(originals, x)
		}
	}
	r.d.removeAll(ctx, alone)
	if len(replacing) == 0 {
		return nil
	}
	if err := r.registerCopies(ctx, copies, originals); err != nil {
		return err
	}
	for _, c := range copies {
		if err := r.d.Engine.Start(ctx, c.ID); err != nil {
			return err
		}
	}
	if err := r.d.waitReplicasReady(ctx, r.req.App.Name, copies, r.req.readyTimeout(), ""); err != nil {
		return err
	}
	r.d.removeAll(ctx, originals) // replaced by serving new replicas: drained or stopped
	r.d.waitReplaced(ctx, r.req.App.Name, news, r.req.drainTimeout())
	r.d.removeAll(ctx, replacing)
	return nil
}

// registerCopies registers each copy (promoted: it serves once ready) in
// the deployment of the original it copies, before the copies start.
func (r *rollout) registerCopies(ctx context.Context, copies, originals []engine.Container) error {
	byDeployment := map[string][]engine.Container{}
	for i, c := range copies {
		id := originals[i].Labels[labels.DeploymentID]
		byDeployment[id] = append(byDeployment[id], c)
	}
	for id, cs := range byDeployment {
		if err := r.d.register(ctx, r.req.App.Name, id, cs, true); err != nil {
			return err
		}
	}
	return nil
}

// replacedSet is every container the given new replicas replace.
func replacedSet(cs []engine.Container) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		for _, n := range splitLabel(c.Labels[labels.Replaces]) {
			out[n] = true
		}
	}
	return out
}

func splitLabel(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

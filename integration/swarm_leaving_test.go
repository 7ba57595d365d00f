package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	swarmtypes "github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"
)

// leavingTask is a task Swarm was seen to want stopped.
type leavingTask struct {
	ID      string
	Node    string // the host name of the node it runs on
	Slot    int
	Desired string
	// ChangedAt is Swarm's own time of the change (the task's UpdatedAt
	// while it still ran with its new desired state); zero when the
	// watcher first saw the task after it had stopped already.
	ChangedAt time.Time
	// SeenAt is when the watcher first saw it.
	SeenAt time.Time
}

// taskWatcher lists one service's tasks on the manager every 20 ms and
// records each task whose desired state left running.
type taskWatcher struct {
	mu      sync.Mutex
	leaving map[string]leavingTask
	errs    int
	nodes   map[string]string // node id -> host name
	cancel  context.CancelFunc
	done    chan struct{}
}

// watchLeavingTasks starts a taskWatcher on the manager's API.
func watchLeavingTasks(t *testing.T, c *swarmCluster, service string) *taskWatcher {
	t.Helper()
	api, err := client.New(client.WithHost(c.hosts[0]))
	if err != nil {
		t.Fatalf("a client for the manager: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &taskWatcher{leaving: map[string]leavingTask{}, cancel: cancel, done: make(chan struct{})}
	nodes := map[string]string{}
	if res, err := api.NodeList(ctx, client.NodeListOptions{}); err == nil {
		for _, n := range res.Items {
			nodes[n.ID] = n.Description.Hostname
		}
	}
	w.nodes = nodes
	f := make(client.Filters).Add("service", service)
	go func() {
		defer close(w.done)
		defer api.Close()
		for ctx.Err() == nil {
			res, err := api.TaskList(ctx, client.TaskListOptions{Filters: f})
			w.record(res.Items, err)
			time.Sleep(20 * time.Millisecond)
		}
	}()
	t.Cleanup(w.Stop)
	return w
}

// record notes the tasks of one listing that are leaving.
func (w *taskWatcher) record(tasks []swarmtypes.Task, err error) {
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.errs++
		return
	}
	for _, task := range tasks {
		if task.DesiredState == swarmtypes.TaskStateRunning {
			continue
		}
		if _, seen := w.leaving[task.ID]; seen {
			continue
		}
		lt := leavingTask{ID: task.ID, Node: w.nodes[task.NodeID], Slot: task.Slot, Desired: string(task.DesiredState), SeenAt: now}
		if task.Status.State == swarmtypes.TaskStateRunning {
			lt.ChangedAt = task.UpdatedAt
		} else if task.Status.State != swarmtypes.TaskStateShutdown && task.Status.State != swarmtypes.TaskStateComplete {
			continue // never ran (or failed): not routed
		}
		w.leaving[task.ID] = lt
	}
}

// Stop ends the watching.
func (w *taskWatcher) Stop() {
	w.cancel()
	<-w.done
}

// Leaving returns the tasks seen leaving, by ChangedAt (then SeenAt).
func (w *taskWatcher) Leaving() []leavingTask {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]leavingTask, 0, len(w.leaving))
	for _, lt := range w.leaving {
		out = append(out, lt)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].ChangedAt.Equal(out[j].ChangedAt) {
			return out[i].ChangedAt.Before(out[j].ChangedAt)
		}
		return out[i].SeenAt.Before(out[j].SeenAt)
	})
	return out
}

// appliedPass is one pass of the sidecar that changed HAProxy, as its log
// says ("routing applied").
type appliedPass struct {
	Start, End time.Time
	Outcome    string
}

// sidecarPasses reads the manager sidecar's log for the passes that
// changed HAProxy.
func sidecarPasses(t *testing.T, c *swarmCluster) []appliedPass {
	t.Helper()
	out := c.Docker(t, 0, "logs", "haloy-sidecar")
	var passes []appliedPass
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Time    time.Time `json:"time"`
			Msg     string    `json:"msg"`
			Outcome string    `json:"outcome"`
			Took    int64     `json:"took"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Msg != "routing applied" {
			continue
		}
		passes = append(passes, appliedPass{Start: line.Time.Add(-time.Duration(line.Took)), End: line.Time, Outcome: line.Outcome})
	}
	return passes
}

// unroutedAfter is how long after at the first pass that listed after it
// had applied its change: for a task Swarm wants stopped, the moment HAProxy
// stopped sending it new requests. ok is false when no such pass was logged.
func unroutedAfter(passes []appliedPass, at time.Time) (time.Duration, bool) {
	for _, p := range passes {
		if !p.Start.Before(at) {
			return p.End.Sub(at), true
		}
	}
	return 0, false
}

// describeLeaving logs each leaving task with how long the sidecar took to
// take it out of routing, and returns the longest of those.
func describeLeaving(t *testing.T, what string, tasks []leavingTask, passes []appliedPass) (longest time.Duration, missed int) {
	t.Helper()
	for _, lt := range tasks {
		if lt.ChangedAt.IsZero() {
			missed++
			t.Logf("%s: task %s (slot %d) was first seen stopped already (desired %s): no figure", what, short(lt.ID), lt.Slot, lt.Desired)
			continue
		}
		d, ok := unroutedAfter(passes, lt.ChangedAt)
		if !ok {
			missed++
			t.Logf("%s: task %s (slot %d, desired %s at %s): no sidecar pass after it", what, short(lt.ID), lt.Slot, lt.Desired, lt.ChangedAt.Format("15:04:05.000"))
			continue
		}
		longest = max(longest, d)
		t.Logf("%s: task %s (slot %d on %s) desired %s at %s; out of routing %s later (watcher saw it after %s)",
			what, short(lt.ID), lt.Slot, lt.Node, lt.Desired, lt.ChangedAt.Format("15:04:05.000"), d.Round(time.Millisecond),
			lt.SeenAt.Sub(lt.ChangedAt).Round(time.Millisecond))
	}
	return longest, missed
}

// short is the first 10 characters of an id.
func short(id string) string {
	return id[:min(10, len(id))]
}

// logFailedSamples logs when the first failed samples started and why.
func logFailedSamples(t *testing.T, samples []sample) {
	t.Helper()
	n := 0
	for _, s := range samples {
		if s.err != nil && n < 10 {
			n++
			t.Logf("failed sample started %s: %v", s.start.Format("15:04:05.000"), s.err)
		}
	}
}

// slowSamples counts failed samples and those slower than limit, and
// returns the slowest latency.
func slowSamples(samples []sample, limit time.Duration) (failed, slow int, slowest time.Duration) {
	for _, s := range samples {
		if s.err != nil {
			failed++
		}
		if s.latency > limit {
			slow++
		}
		slowest = max(slowest, s.latency)
	}
	return failed, slow, slowest
}

// leavingSince returns the tasks whose change was at or after since.
func leavingSince(tasks []leavingTask, since time.Time) []leavingTask {
	var out []leavingTask
	for _, lt := range tasks {
		at := lt.ChangedAt
		if at.IsZero() {
			at = lt.SeenAt
		}
		if !at.Before(since) {
			out = append(out, lt)
		}
	}
	return out
}

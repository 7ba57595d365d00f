package deploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/spec"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// fate is what becomes of a new container once it is started.
type fate string

const (
	fateReady      fate = "ready"      // runs and passes its health check
	fateExits      fate = "exits"      // runs once, then exits
	fateNever      fate = "never"      // runs but never gets ready
	fateUnroutable fate = "unroutable" // the sidecar reports a label problem
)

// fakeEngine is an Engine whose containers live in memory, together with
// the sidecar's view of them (fakeEngine is also the Sidecar and the
// Registry): a started container turns ready, exits, or stays unready as
// its fate says. It records what the deploy asked for.
type fakeEngine struct {
	mu       sync.Mutex
	fates    map[int]fate // by replica number; fateReady when unset
	cs       map[string]*fakeContainer
	seq      int
	promoted map[string]bool // deployments promoted (routed once ready)
	calls    []string        // "create NAME", "start NAME", "remove NAME", "promote ID"
}

type fakeContainer struct {
	engine.Container
	number  int
	started bool
	polls   int // statuses reported since the start
}

func newFakeEngine(fates map[int]fate, old ...string) *fakeEngine {
	e := &fakeEngine{fates: fates, cs: map[string]*fakeContainer{}, promoted: map[string]bool{}}
	for _, name := range old { // "<app>-<id>-<n>", running and serving
		parts := strings.Split(name, "-")
		e.seq++
		id := fmt.Sprintf("c%d", e.seq)
		e.cs[id] = &fakeContainer{Container: engine.Container{ID: id, Name: name, State: "running",
			Labels: map[string]string{labels.AppName: parts[0], labels.DeploymentID: parts[1]}}, started: true, polls: 1 << 20}
		e.promoted[parts[1]] = true
	}
	return e
}

func (e *fakeEngine) record(format string, args ...any) {
	e.calls = append(e.calls, fmt.Sprintf(format, args...))
}

// named returns the recorded calls with the given verb, in order.
func (e *fakeEngine) named(verb string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, c := range e.calls {
		if v, arg, _ := strings.Cut(c, " "); v == verb {
			out = append(out, arg)
		}
	}
	return out
}

func (e *fakeEngine) ListByLabel(_ context.Context, key, value string) ([]engine.Container, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []engine.Container
	for _, c := range e.cs {
		if v, ok := c.Labels[key]; ok && (value == "" || v == value) {
			out = append(out, c.Container)
		}
	}
	slices.SortFunc(out, func(a, b engine.Container) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (e *fakeEngine) Image(context.Context, string) (string, error)   { return "sha256:new", nil }
func (e *fakeEngine) ImageOf(context.Context, string) (string, error) { return "sidecar:1", nil }
func (e *fakeEngine) Lock(context.Context, string, string, time.Duration) (func(), error) {
	return func() {}, nil
}
func (e *fakeEngine) Tag(context.Context, string, string) error { return nil }
func (e *fakeEngine) Untag(context.Context, string) error       { return nil }

func (e *fakeEngine) Create(_ context.Context, c spec.Container) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	id := fmt.Sprintf("c%d", e.seq)
	n := 0
	fmt.Sscan(c.Labels[spec.ContainerNumberLabel], &n)
	e.cs[id] = &fakeContainer{Container: engine.Container{ID: id, Name: c.Name, State: "created", Labels: c.Labels}, number: n}
	e.record("create %s", c.Name)
	return id, nil
}

func (e *fakeEngine) Clone(_ context.Context, id, name string, extra map[string]string) (string, error) {
	return "", fmt.Errorf("clone %s as %s: not simulated", id, name)
}

func (e *fakeEngine) Start(_ context.Context, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.cs[id]
	if !ok {
		return fmt.Errorf("starting container %s: no such container", id)
	}
	c.started, c.State = true, "running"
	e.record("start %s", c.Name)
	return nil
}

func (e *fakeEngine) Stop(_ context.Context, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.cs[id]; ok {
		c.started, c.State = false, "exited"
	}
	return nil
}

func (e *fakeEngine) Remove(_ context.Context, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.cs[id]; ok {
		e.record("remove %s", c.Name)
		delete(e.cs, id)
	}
	return nil
}

func (e *fakeEngine) StopAndRemove(ctx context.Context, cs []engine.Container) error {
	for _, c := range cs {
		if err := e.Remove(ctx, c.ID); err != nil {
			return err
		}
	}
	return nil
}

func (e *fakeEngine) Logs(_ context.Context, id string, _ int) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.cs {
		if c.ID == id || c.Name == id {
			return "listening on :80\npanic: " + c.Name + " cannot open its database\n", nil
		}
	}
	return "", fmt.Errorf("reading logs of %s: no such container", id)
}

// Status is the sidecar's view: every labelled container as a replica of
// its deployment; the newest promoted deployment whose replicas are all
// ready serves.
func (e *fakeEngine) Status(context.Context) (wire.Status, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := wire.Status{Passes: 1}
	deps := map[string][]routing.ReplicaStatus{}
	app := ""
	for _, c := range e.cs {
		app = c.Labels[labels.AppName]
		id := c.Labels[labels.DeploymentID]
		r := routing.ReplicaStatus{Container: c.Name}
		f := e.fates[c.number]
		if c.number == 0 {
			f = fateReady // an old replica
		}
		if c.started {
			c.polls++
			r.Running = !(f == fateExits && c.polls > 1)
			r.Ready = r.Running && (f == fateReady || f == "") && c.polls > 1
		}
		if f == fateUnroutable {
			st.Problems = append(st.Problems, routing.Problem{Container: c.Name, Label: labels.Port, Reason: "not a port"})
		}
		deps[id] = append(deps[id], r)
	}
	a := routing.AppStatus{Name: app}
	for _, id := range slices.Sorted(maps.Keys(deps)) {
		ready := true
		for _, r := range deps[id] {
			ready = ready && r.Ready
		}
		if e.promoted[id] && ready {
			a.Serving = id
		}
	}
	for _, id := range slices.Sorted(maps.Keys(deps)) {
		d := routing.DeploymentStatus{ID: id, State: routing.StateStarting, Held: !e.promoted[id], Replicas: deps[id]}
		if id == a.Serving {
			d.State = routing.StateServing
			for i := range d.Replicas {
				d.Replicas[i].InHAProxy = "up"
			}
		} else if e.promoted[id] {
			d.State = routing.StateDraining
			for i := range d.Replicas {
				d.Replicas[i].Replaced = true
			}
		}
		slices.SortFunc(d.Replicas, func(x, y routing.ReplicaStatus) int { return strings.Compare(x.Container, y.Container) })
		a.Deployments = append(a.Deployments, d)
	}
	if app != "" {
		st.Apps = []routing.AppStatus{a}
	}
	return st, nil
}

func (e *fakeEngine) Register(context.Context, string, string, []string, bool) error { return nil }

func (e *fakeEngine) Promote(_ context.Context, _, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.promoted[id] = true
	e.record("promote %s", id)
	return nil
}

// HandOver does what the sidecar would do with handed-over containers:
// it stops and removes them (recorded as "hand-over NAME").
func (e *fakeEngine) HandOver(_ context.Context, _ string, ids []string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids {
		if c, ok := e.cs[id]; ok {
			e.record("hand-over %s", c.Name)
			delete(e.cs, id)
		}
	}
	return nil
}

func (e *fakeEngine) Retire(context.Context, string) error { return nil }
func (e *fakeEngine) Forget(context.Context, string) error { return nil }

// memHistory is a HistoryStore in memory.
type memHistory struct {
	mu    sync.Mutex
	saved []string
}

func (h *memHistory) Save(_ context.Context, app, id string, _ Snapshot) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.saved = append(h.saved, app+"/"+id)
	return nil
}
func (h *memHistory) List(context.Context, string) ([]HistoryEntry, error) { return nil, nil }
func (h *memHistory) Get(_ context.Context, app, id string) (HistoryEntry, error) {
	return HistoryEntry{}, fmt.Errorf("no deployment %s of %s", id, app)
}
func (h *memHistory) Prune(context.Context, string, int, ...string) ([]string, error) {
	return nil, nil
}

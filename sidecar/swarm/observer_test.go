package swarm

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/system"
	"github.com/moby/moby/client"
)

// fakeAPI is an engine's swarm state; the test changes it between lists.
type fakeAPI struct {
	mu       sync.Mutex
	info     swarm.Info
	snap     Snapshot
	listErr  error
	infos    int // Info calls
	lists    int // ServiceList calls
	hcImages map[string]bool
	events   chan events.Message // nil: a stream that sends nothing
}

func (f *fakeAPI) Info(context.Context, client.InfoOptions) (client.SystemInfoResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.infos++
	return client.SystemInfoResult{Info: system.Info{Swarm: f.info}}, nil
}

func (f *fakeAPI) ServiceList(context.Context, client.ServiceListOptions) (client.ServiceListResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	return client.ServiceListResult{Items: f.snap.Services}, f.listErr
}

func (f *fakeAPI) TaskList(context.Context, client.TaskListOptions) (client.TaskListResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return client.TaskListResult{Items: f.snap.Tasks}, nil
}

func (f *fakeAPI) NodeList(context.Context, client.NodeListOptions) (client.NodeListResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return client.NodeListResult{Items: f.snap.Nodes}, nil
}

func (f *fakeAPI) ImageInspect(_ context.Context, ref string, _ ...client.ImageInspectOption) (client.ImageInspectResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	hc, ok := f.hcImages[ref]
	if !ok {
		return client.ImageInspectResult{}, errors.New("no such image")
	}
	cfg := &dockerspec.DockerOCIImageConfig{}
	if hc {
		cfg.Healthcheck = &dockerspec.HealthcheckConfig{Test: []string{"CMD", "/app", "-healthcheck"}}
	}
	return client.ImageInspectResult{InspectResponse: image.InspectResponse{Config: cfg}}, nil
}

func (f *fakeAPI) Events(ctx context.Context, _ client.EventsListOptions) client.EventsResult {
	msgs := f.events
	if msgs == nil {
		msgs = make(chan events.Message)
	}
	return client.EventsResult{Messages: msgs, Err: make(chan error)}
}

func (f *fakeAPI) serviceLists() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists
}

func (f *fakeAPI) set(update func(*fakeAPI)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	update(f)
}

var managerInfo = swarm.Info{LocalNodeState: swarm.LocalNodeStateActive, ControlAvailable: true}

func webSnapshot(taskIDs ...string) Snapshot {
	s := Snapshot{
		Services: []swarm.Service{service("s1", "web", map[string]string{"dev.haloy.role": "app"}, nil, nil)},
		Nodes:    []swarm.Node{node("n1", swarm.NodeStateReady)},
	}
	for i, id := range taskIDs {
		s.Tasks = append(s.Tasks, task(id, "s1", "n1", i+1, swarm.TaskStateRunning, swarm.TaskStateRunning, attachment("haloy", "10.0.1.5/24")))
	}
	return s
}

func TestObserverOutsideASwarmListsNothing(t *testing.T) {
	f := &fakeAPI{snap: webSnapshot("t1")}
	o := New(f, "haloy")
	for range 3 {
		cs, err := o.List(context.Background())
		if err != nil || len(cs) != 0 {
			t.Fatalf("List = %v, %v; want nothing on an engine outside a swarm", cs, err)
		}
	}
	if f.lists != 0 || f.infos != 1 {
		t.Fatalf("%d service lists and %d info calls; want none and one (the answer is kept)", f.lists, f.infos)
	}
	f.set(func(f *fakeAPI) { f.info = swarm.Info{LocalNodeState: swarm.LocalNodeStateActive} }) // a worker
	o.checked = time.Time{}
	if cs, _ := o.List(context.Background()); len(cs) != 0 || f.lists != 0 {
		t.Fatalf("a worker lists %v (%d service lists); want nothing", cs, f.lists)
	}
}

func TestObserverListsTasksOnAManager(t *testing.T) {
	f := &fakeAPI{info: managerInfo, snap: webSnapshot("t1", "t2"), hcImages: map[string]bool{"web:v1": true}}
	cs, err := New(f, "haloy").List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID != "t1" || cs[1].ID != "t2" || cs[0].Health != "healthy" {
		t.Fatalf("List = %+v; want t1 and t2, healthy by the image's HEALTHCHECK", cs)
	}
	f.set(func(f *fakeAPI) { f.listErr = errors.New("node is not a swarm manager") })
	if _, err := New(f, "haloy").List(context.Background()); err == nil {
		t.Fatal("a failed service list is not reported")
	}
}

func TestObserverWatchNotifiesOnChange(t *testing.T) {
	f := &fakeAPI{info: managerInfo, snap: webSnapshot("t1")}
	o := New(f, "haloy")
	o.Poll = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notes := make(chan struct{}, 100)
	go o.Watch(ctx, func() { notes <- struct{}{} }, nil)
	wait := func(what string) {
		t.Helper()
		select {
		case <-notes:
		case <-time.After(2 * time.Second):
			t.Fatalf("no notification %s", what)
		}
	}
	wait("for the first listing")
	time.Sleep(100 * time.Millisecond) // ten unchanged polls
	if n := len(notes); n != 0 {
		t.Fatalf("%d notifications without a change", n)
	}
	f.set(func(f *fakeAPI) { f.snap = webSnapshot("t1", "t2") })
	wait("after a task appeared")
	f.set(func(f *fakeAPI) { f.snap.Nodes[0].Status.State = swarm.NodeStateDown })
	wait("after the node went down")
}

// TestObserverWatchReactsFastToStoppingTasks: a service event lists at
// once, and while a task Swarm wants stopped still runs the observer lists
// every FastPoll, not every Poll.
func TestObserverWatchReactsFastToStoppingTasks(t *testing.T) {
	f := &fakeAPI{info: managerInfo, snap: webSnapshot("t1", "t2"), events: make(chan events.Message)}
	o := New(f, "haloy")
	o.Poll, o.FastPoll = time.Hour, 10*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notes := make(chan struct{}, 100)
	go o.Watch(ctx, func() { notes <- struct{}{} }, nil)
	f.events <- events.Message{Type: events.ServiceEventType, Action: events.ActionUpdate}
	select {
	case <-notes:
	case <-time.After(time.Second):
		t.Fatal("a service event did not list at once")
	}
	f.set(func(f *fakeAPI) { f.snap.Tasks[1].DesiredState = swarm.TaskStateRemove }) // a scale-down
	select {
	case <-notes:
	case <-time.After(time.Second):
		t.Fatal("the task Swarm wants stopped was not seen within a second (Poll is an hour)")
	}
	before := f.serviceLists()
	time.Sleep(200 * time.Millisecond)
	if n := f.serviceLists() - before; n < 5 {
		t.Fatalf("%d listings in 200 ms while a task is stopping; want one every FastPoll (10 ms)", n)
	}
}

package swarm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"
)

// API is the part of the Docker client the observer uses.
type API interface {
	Info(ctx context.Context, options client.InfoOptions) (client.SystemInfoResult, error)
	ServiceList(ctx context.Context, options client.ServiceListOptions) (client.ServiceListResult, error)
	TaskList(ctx context.Context, options client.TaskListOptions) (client.TaskListResult, error)
	NodeList(ctx context.Context, options client.NodeListOptions) (client.NodeListResult, error)
	ImageInspect(ctx context.Context, image string, options ...client.ImageInspectOption) (client.ImageInspectResult, error)
	Events(ctx context.Context, options client.EventsListOptions) client.EventsResult
}

// ModeRecheck is how long a "not a Swarm manager" answer is kept before
// the engine is asked again.
const ModeRecheck = 10 * time.Second

// Observer lists the labelled services and tasks of the Swarm the engine
// manages.
type Observer struct {
	api     API
	network string
	// Poll is how often Watch lists while nothing moves (default
	// PollInterval); FastPoll while a routed service's tasks are in
	// transition (default FastPollInterval).
	Poll, FastPoll time.Duration

	mu        sync.Mutex
	manager   bool      // the engine was a Swarm manager when last asked
	checked   time.Time // when that was asked
	images    map[string]bool
	lastWatch []routing.Container
}

// New returns an Observer reading task addresses on the named network.
func New(api API, network string) *Observer {
	return &Observer{api: api, network: network, Poll: PollInterval, FastPoll: FastPollInterval, images: map[string]bool{}}
}

// Manager reports whether the engine is an active Swarm manager; the
// answer is asked again after ModeRecheck while it is "no".
func (o *Observer) Manager(ctx context.Context) (bool, error) {
	o.mu.Lock()
	manager, checked := o.manager, o.checked
	o.mu.Unlock()
	if manager || (!checked.IsZero() && time.Since(checked) < ModeRecheck) {
		return manager, nil
	}
	res, err := o.api.Info(ctx, client.InfoOptions{})
	if err != nil {
		return false, fmt.Errorf("reading the engine's swarm state: %w", err)
	}
	manager = IsManager(res.Info.Swarm)
	o.mu.Lock()
	o.manager, o.checked = manager, time.Now()
	o.mu.Unlock()
	return manager, nil
}

// IsManager reports whether the engine's swarm state is an active node
// that can manage the cluster.
func IsManager(s swarm.Info) bool {
	return s.LocalNodeState == swarm.LocalNodeStateActive && s.ControlAvailable
}

// List returns the labelled services' tasks as containers (see
// Containers); none when the engine is not a Swarm manager.
func (o *Observer) List(ctx context.Context) ([]routing.Container, error) {
	snap, err := o.listSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	return o.containers(ctx, snap), nil
}

// listSnapshot lists the cluster; an empty snapshot when the engine is
// not a Swarm manager.
func (o *Observer) listSnapshot(ctx context.Context) (Snapshot, error) {
	manager, err := o.Manager(ctx)
	if err != nil || !manager {
		return Snapshot{}, err
	}
	snap, err := o.snapshot(ctx)
	if err != nil {
		o.mu.Lock()
		o.checked = time.Time{} // ask again: the node may have left the swarm
		o.manager = false
		o.mu.Unlock()
		return Snapshot{}, err
	}
	return snap, nil
}

// containers maps snap's tasks, asking the engine about images'
// HEALTHCHECKs.
func (o *Observer) containers(ctx context.Context, snap Snapshot) []routing.Container {
	return Containers(snap, o.network, func(image string) (bool, bool) { return o.healthcheck(ctx, image) })
}

// snapshot lists services, tasks and nodes.
func (o *Observer) snapshot(ctx context.Context) (Snapshot, error) {
	svcs, err := o.api.ServiceList(ctx, client.ServiceListOptions{})
	if err != nil {
		return Snapshot{}, fmt.Errorf("listing swarm services: %w", err)
	}
	tasks, err := o.api.TaskList(ctx, client.TaskListOptions{})
	if err != nil {
		return Snapshot{}, fmt.Errorf("listing swarm tasks: %w", err)
	}
	nodes, err := o.api.NodeList(ctx, client.NodeListOptions{})
	if err != nil {
		return Snapshot{}, fmt.Errorf("listing swarm nodes: %w", err)
	}
	return Snapshot{Services: svcs.Items, Tasks: tasks.Items, Nodes: nodes.Items}, nil
}

// healthcheck reports whether the image, when this engine has it, defines
// a HEALTHCHECK; the answer is kept per image reference.
func (o *Observer) healthcheck(ctx context.Context, image string) (has, known bool) {
	o.mu.Lock()
	has, known = o.images[image]
	o.mu.Unlock()
	if known {
		return has, true
	}
	res, err := o.api.ImageInspect(ctx, image)
	if err != nil {
		return false, false // not on this node: the HTTP prober decides
	}
	hc := res.Config != nil && res.Config.Healthcheck != nil && len(res.Config.Healthcheck.Test) > 0 &&
		res.Config.Healthcheck.Test[0] != "NONE"
	o.mu.Lock()
	o.images[image] = hc
	o.mu.Unlock()
	return hc, true
}

// Watch calls notify whenever the listed tasks change, until ctx ends.
// It lists at once after a service or node event, every FastPoll while a
// routed service's tasks are in transition (and for EventSettle after an
// event), within FastPollWindow, and every Poll otherwise (see pacer). On
// an engine that is not a Swarm manager it only rechecks that now and
// then. Listing errors are passed to onError and retried at the next
// listing.
func (o *Observer) Watch(ctx context.Context, notify func(), onError func(error)) {
	trigger := make(chan struct{}, 1)
	go o.watchEvents(ctx, trigger)
	p := &pacer{steady: o.Poll, fast: cmp.Or(o.FastPoll, FastPollInterval), settle: EventSettle, window: FastPollWindow}
	timer := time.NewTimer(o.Poll)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-trigger:
			p.event(time.Now())
		}
		timer.Reset(o.watchOnce(ctx, p, notify, onError))
	}
}

// watchOnce lists once, notifies on a change and returns the wait before
// the next listing.
func (o *Observer) watchOnce(ctx context.Context, p *pacer, notify func(), onError func(error)) time.Duration {
	snap, err := o.listSnapshot(ctx)
	if err != nil {
		if ctx.Err() == nil && onError != nil {
			onError(err)
		}
		return p.next(time.Now())
	}
	p.listed(time.Now(), Transitions(snap))
	cs := o.containers(ctx, snap)
	o.mu.Lock()
	changed := !reflect.DeepEqual(cs, o.lastWatch)
	o.lastWatch = cs
	o.mu.Unlock()
	if changed {
		notify()
	}
	return p.next(time.Now())
}

// watchEvents sends on trigger for each service or node event, resuming
// after a pause when the stream breaks (it does while the engine is not a
// manager).
func (o *Observer) watchEvents(ctx context.Context, trigger chan<- struct{}) {
	f := make(client.Filters).Add("type", string(events.ServiceEventType), string(events.NodeEventType))
	for ctx.Err() == nil {
		err := o.followEvents(ctx, f, trigger)
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(ModeRecheck):
		}
	}
}

func (o *Observer) followEvents(ctx context.Context, f client.Filters, trigger chan<- struct{}) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := o.api.Events(ctx, client.EventsListOptions{Filters: f})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-s.Err:
			if errors.Is(err, io.EOF) {
				return errors.New("event stream ended")
			}
			return err
		case <-s.Messages:
			select {
			case trigger <- struct{}{}:
			default:
			}
		}
	}
}

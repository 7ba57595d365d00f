package swarm

import (
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

// Defaults of Observer.
const (
	// PollInterval is how often Watch lists tasks: Swarm sends no task
	// events.
	PollInterval = time.Second
	// ModeRecheck is how long a "not a Swarm manager" answer is kept
	// before the engine is asked again.
	ModeRecheck = 10 * time.Second
)

// Observer lists the labelled services and tasks of the Swarm the engine
// manages.
type Observer struct {
	api     API
	network string
	// Poll is how often Watch lists (default PollInterval).
	Poll time.Duration

	mu        sync.Mutex
	manager   bool      // the engine was a Swarm manager when last asked
	checked   time.Time // when that was asked
	images    map[string]bool
	lastWatch []routing.Container
}

// New returns an Observer reading task addresses on the named network.
func New(api API, network string) *Observer {
	return &Observer{api: api, network: network, Poll: PollInterval, images: map[string]bool{}}
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
	manager, err := o.Manager(ctx)
	if err != nil || !manager {
		return nil, err
	}
	snap, err := o.snapshot(ctx)
	if err != nil {
		o.mu.Lock()
		o.checked = time.Time{} // ask again: the node may have left the swarm
		o.manager = false
		o.mu.Unlock()
		return nil, err
	}
	return Containers(snap, o.network, func(image string) (bool, bool) { return o.healthcheck(ctx, image) }), nil
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

// Watch calls notify whenever the listed tasks change: it lists every
// Poll and at once after a service or node event, until ctx ends. On an
// engine that is not a Swarm manager it only rechecks that now and then.
// Listing errors are passed to onError and retried at the next tick.
func (o *Observer) Watch(ctx context.Context, notify func(), onError func(error)) {
	trigger := make(chan struct{}, 1)
	go o.watchEvents(ctx, trigger)
	tick := time.NewTicker(o.Poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-trigger:
		}
		cs, err := o.List(ctx)
		if err != nil {
			if ctx.Err() == nil && onError != nil {
				onError(err)
			}
			continue
		}
		o.mu.Lock()
		changed := !reflect.DeepEqual(cs, o.lastWatch)
		o.lastWatch = cs
		o.mu.Unlock()
		if changed {
			notify()
		}
	}
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

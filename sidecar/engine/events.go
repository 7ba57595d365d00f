package engine

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/haloydev/haloy/labels"
	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/client"
)

// routingActions are the container events that can change routing. Others
// are left to the engine: a HEALTHCHECK alone emits exec_create, exec_start
// and exec_die every interval, which would wake the loop for nothing and
// make every real change wait behind a busy loop's settle time. The engine
// matches health_status against every "health_status: ..." action.
var routingActions = []events.Action{
	events.ActionCreate, events.ActionStart, events.ActionRestart,
	events.ActionKill, events.ActionDie, events.ActionStop, events.ActionDestroy,
	events.ActionPause, events.ActionUnPause, events.ActionRename, events.ActionUpdate,
	events.ActionHealthStatus,
}

// Watch follows container events of labelled containers, and containers
// connecting to or leaving the routing network (a container's address on
// it can appear after it started), and calls notify for each, until ctx
// ends or a stream breaks; it then returns why. Events are only hints: the
// caller relists everything when notified, and after Watch returns, since
// events may have been missed.
func (e *Engine) Watch(ctx context.Context, notify func(events.Message)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Docker's label filter matches whole keys only; a container with a
	// missing or mistyped role is found by its other dev.haloy.* labels,
	// which container events carry in their attributes.
	containers := make(client.Filters).Add("type", string(events.ContainerEventType))
	for _, a := range routingActions {
		containers.Add("event", string(a))
	}
	network := make(client.Filters).Add("type", string(events.NetworkEventType)).Add("network", e.network).
		Add("event", string(events.ActionConnect), string(events.ActionDisconnect))
	c := e.api.Events(ctx, client.EventsListOptions{Filters: containers})
	n := e.api.Events(ctx, client.EventsListOptions{Filters: network})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-c.Err:
			return streamError(err)
		case err := <-n.Err:
			return streamError(err)
		case m := <-c.Messages:
			if !labels.IsHaloy(m.Actor.Attributes) {
				continue
			}
			e.noteStopping(m)
			notify(m)
		case m := <-n.Messages:
			notify(m)
		}
	}
}

// streamError says why an event stream ended.
func streamError(err error) error {
	if errors.Is(err, io.EOF) {
		return errors.New("event stream ended")
	}
	return fmt.Errorf("reading events: %w", err)
}

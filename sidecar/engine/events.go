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

// Watch follows container events of labelled containers and calls notify
// for each, until ctx ends or the stream breaks; it then returns why. Events
// are only hints: the caller relists everything when notified, and after
// Watch returns, since events may have been missed.
func (e *Engine) Watch(ctx context.Context, notify func(events.Message)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	filters := make(client.Filters).Add("type", string(events.ContainerEventType)).Add("label", labels.Role)
	for _, a := range routingActions {
		filters.Add("event", string(a))
	}
	res := e.api.Events(ctx, client.EventsListOptions{Filters: filters})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-res.Err:
			if errors.Is(err, io.EOF) {
				return errors.New("event stream ended")
			}
			return fmt.Errorf("reading events: %w", err)
		case m := <-res.Messages:
			e.noteStopping(m)
			notify(m)
		}
	}
}

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

// Watch follows container events of labelled containers and calls notify
// for each, until ctx ends or the stream breaks; it then returns why. Events
// are only hints: the caller relists everything when notified, and after
// Watch returns, since events may have been missed.
func (e *Engine) Watch(ctx context.Context, notify func(events.Message)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res := e.api.Events(ctx, client.EventsListOptions{
		Filters: make(client.Filters).Add("type", string(events.ContainerEventType)).Add("label", labels.Role),
	})
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
			notify(m)
		}
	}
}

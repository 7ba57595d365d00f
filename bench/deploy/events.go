package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/client"
)

// lifecycle is when one container started and first became healthy.
type lifecycle struct {
	deployment       string
	started, healthy time.Time
}

// watcher records container start and health events from the engine's
// event stream, grouping containers by a label (a deployment id).
type watcher struct {
	mu         sync.Mutex
	group      string                // the label whose value groups containers
	containers map[string]*lifecycle // by container id
	cancel     context.CancelFunc
}

// watch starts recording the events of containers with label (key=value),
// grouped by the value of their label group.
func watch(ctx context.Context, label, group string) (*watcher, error) {
	api, err := client.New(client.FromEnv)
	if err != nil {
		return nil, fmt.Errorf("connecting to the engine: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{group: group, containers: map[string]*lifecycle{}, cancel: cancel}
	res := api.Events(ctx, client.EventsListOptions{Filters: make(client.Filters).
		Add("type", "container").Add("label", label)})
	go w.loop(res)
	return w, nil
}

func (w *watcher) loop(res client.EventsResult) {
	for {
		select {
		case m := <-res.Messages:
			w.record(m)
		case <-res.Err:
			return
		}
	}
}

func (w *watcher) record(m events.Message) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.containers[m.Actor.ID]
	if c == nil {
		c = &lifecycle{deployment: m.Actor.Attributes[w.group]}
		w.containers[m.Actor.ID] = c
	}
	at := time.Unix(0, m.TimeNano)
	switch m.Action {
	case events.ActionStart:
		c.started = at
	case events.ActionHealthStatusHealthy:
		if c.healthy.IsZero() {
			c.healthy = at
		}
	}
}

// deployment returns when the first container of deployment id started and
// when the last one became healthy, waiting up to timeout for all of n.
func (w *watcher) deployment(id string, n int, timeout time.Duration) (started, healthy time.Time, err error) {
	deadline := time.Now().Add(timeout)
	for {
		started, healthy, count := w.summary(id)
		if count >= n {
			return started, healthy, nil
		}
		if time.Now().After(deadline) {
			return started, healthy, fmt.Errorf("only %d of %d containers of deployment %s reported healthy", count, n, id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// summary is the first start, the last healthy time and the number of
// healthy containers of deployment id.
func (w *watcher) summary(id string) (started, healthy time.Time, count int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.containers {
		if c.deployment != id || c.healthy.IsZero() {
			continue
		}
		count++
		if started.IsZero() || c.started.Before(started) {
			started = c.started
		}
		if c.healthy.After(healthy) {
			healthy = c.healthy
		}
	}
	return started, healthy, count
}

func (w *watcher) stop() { w.cancel() }

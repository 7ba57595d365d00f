package engine

import "github.com/moby/moby/api/types/events"

// stopSignals are the signals whose kill event means the container is
// being stopped (docker stop, compose scale-down, a Portainer redeploy);
// others, such as SIGHUP for a reload, are not.
var stopSignals = map[string]bool{"2": true, "3": true, "9": true, "15": true, "SIGINT": true, "SIGQUIT": true, "SIGKILL": true, "SIGTERM": true}

// noteStopping remembers from m which containers were sent a stop signal
// and have not exited yet: Docker still lists them as running, but they
// should take no new requests. A start, die or destroy ends it.
func (e *Engine) noteStopping(m events.Message) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch m.Action {
	case events.ActionKill:
		if stopSignals[m.Actor.Attributes["signal"]] {
			e.stopping[m.Actor.ID] = true
		}
	case events.ActionStart, events.ActionRestart, events.ActionDie, events.ActionDestroy:
		delete(e.stopping, m.Actor.ID)
	}
}

// isStopping reports whether the container was sent a stop signal and
// still runs.
func (e *Engine) isStopping(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stopping[id]
}

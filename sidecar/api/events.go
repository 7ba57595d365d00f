package api

import (
	"encoding/json"
	"net/http"
	"time"
)

// streamWriteTimeout bounds writing one event to a slow client.
const streamWriteTimeout = 30 * time.Second

// events streams an operation's events as NDJSON, from the first, until
// its EventDone event, with heartbeats while nothing happens.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	op := s.findOp(w, r)
	if op == nil {
		return
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	send := func(evs ...Event) bool {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		for _, ev := range evs {
			if enc.Encode(ev) != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	next := 0
	for {
		evs, done, changed := op.since(next)
		next += len(evs)
		if !send(evs...) || done {
			return
		}
		select {
		case <-changed:
		case <-tick.C:
			if !send(Event{Time: time.Now().UTC(), Type: EventHeartbeat}) {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.ctx.Done():
			return
		}
	}
}

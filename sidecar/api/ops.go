package api

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"
)

// keepOps is how many operations are remembered, finished or not.
const keepOps = 100

// operation is a running or finished deploy: its events so far and a
// channel closed (and replaced) whenever one is added.
type operation struct {
	mu      sync.Mutex
	info    Operation
	events  []Event
	changed chan struct{}
	partial bytes.Buffer // an unfinished progress line
}

// Write records progress lines; the Deployer writes one line per step.
func (o *operation) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.partial.Write(p)
	for {
		line, err := o.partial.ReadString('\n')
		if err != nil {
			o.partial.WriteString(line) // no newline yet: keep it for later
			break
		}
		o.addLocked(Event{Type: EventProgress, Message: strings.TrimRight(line, "\r\n")})
	}
	return len(p), nil
}

// finish records the result as the last event.
func (o *operation) finish(deploymentID string, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.info.Done, o.info.DeploymentID = true, deploymentID
	ev := Event{Type: EventDone, DeploymentID: deploymentID}
	if err != nil {
		o.info.Error, ev.Error = err.Error(), err.Error()
	}
	o.addLocked(ev)
}

func (o *operation) addLocked(ev Event) {
	ev.Time = time.Now().UTC()
	o.events = append(o.events, ev)
	close(o.changed)
	o.changed = make(chan struct{})
}

// since returns the events from index i on, whether the operation is done,
// and a channel closed when more arrive.
func (o *operation) since(i int) ([]Event, bool, <-chan struct{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Event(nil), o.events[min(i, len(o.events)):]...), o.info.Done, o.changed
}

// snapshot is the operation with its events so far.
func (o *operation) snapshot() Operation {
	o.mu.Lock()
	defer o.mu.Unlock()
	info := o.info
	info.Log = append([]Event(nil), o.events...)
	return info
}

// opStore remembers the newest keepOps operations.
type opStore struct {
	mu    sync.Mutex
	ops   map[string]*operation
	order []string
}

// start registers a new operation of kind on app.
func (s *opStore) start(app, kind string) *operation {
	id := newOpID()
	o := &operation{changed: make(chan struct{}), info: Operation{
		ID: id, App: app, Kind: kind, Started: time.Now().UTC(),
		Events: "/v1/apps/" + app + "/deploys/" + id + "/events",
	}}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ops == nil {
		s.ops = map[string]*operation{}
	}
	s.ops[id] = o
	s.order = append(s.order, id)
	if len(s.order) > keepOps {
		delete(s.ops, s.order[0])
		s.order = s.order[1:]
	}
	return o
}

// get returns app's operation id, or nil.
func (s *opStore) get(app, id string) *operation {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.ops[id]
	if o == nil || o.info.App != app {
		return nil
	}
	return o
}

// newOpID returns 16 random hex characters.
func newOpID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

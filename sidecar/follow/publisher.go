package follow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/certs"
)

// Publisher keeps the leader's State and wakes the followers waiting for
// a change. Its zero value is not usable; create it with NewPublisher.
type Publisher struct {
	epoch string // random per process, so a restarted leader never repeats a version

	mu      sync.Mutex
	n       uint64
	state   State
	model   bool          // a model was published
	changed chan struct{} // closed and replaced at each change
	acks    map[string]*ack
}

// NewPublisher returns a Publisher with nothing published yet.
func NewPublisher() *Publisher {
	b := make([]byte, 6)
	rand.Read(b) // never fails (crypto/rand)
	return &Publisher{epoch: hex.EncodeToString(b), changed: make(chan struct{})}
}

// SetModel publishes the settings and the model the leader's HAProxy runs.
func (p *Publisher) SetModel(s haproxy.Settings, m haproxy.Model) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.model && sameJSON(p.state.Settings, s) && sameJSON(p.state.Model, m) {
		return
	}
	p.state.Settings, p.state.Model, p.model = s, m, true
	p.bump()
}

// SetCertificates publishes the bundles the leader installed.
func (p *Publisher) SetCertificates(bundles []certs.Bundle) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if sameJSON(p.state.Certificates, bundles) {
		return
	}
	p.state.Certificates = append([]certs.Bundle(nil), bundles...)
	p.bump()
}

// bump gives the state a new version and wakes the waiters; p.mu is held.
func (p *Publisher) bump() {
	if !p.model {
		return // no version until there is a model to serve
	}
	p.n++
	p.state.Version = fmt.Sprintf("%s-%d", p.epoch, p.n)
	close(p.changed)
	p.changed = make(chan struct{})
}

// Wait returns the state as soon as its version differs from version
// (at once when it differs already), or false when ctx ends first.
func (p *Publisher) Wait(ctx context.Context, version string) (State, bool) {
	for {
		p.mu.Lock()
		st, changed := p.state, p.changed
		p.mu.Unlock()
		if st.Version != "" && st.Version != version {
			return st, true
		}
		select {
		case <-ctx.Done():
			return State{}, false
		case <-changed:
		}
	}
}

// sameJSON reports whether a and b encode to the same JSON (models and
// bundles hold only plain data, so that is equality).
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

package reconcile

import "github.com/haloydev/haloy/wire"

// Status is what the loop knows after its last pass (a wire type).
type Status = wire.Status

// Status returns a copy of the status after the last pass.
func (l *Loop) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

func (l *Loop) record(update func(*Status)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	update(&l.status)
}

// HAProxyStatus is what HAProxy itself reports (a wire type).
type HAProxyStatus = wire.HAProxyStatus

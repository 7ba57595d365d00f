package main

import (
	"context"

	"github.com/haloydev/haloy/haproxy"
)

// fakeRuntime is an in-memory HAProxy runtime API, so the benchmark times
// the sidecar's own work and not socket round trips.
type fakeRuntime struct {
	servers map[string]map[string]haproxy.ServerState
}

func newFakeRuntime() *fakeRuntime {
	return &fakeRuntime{servers: map[string]map[string]haproxy.ServerState{}}
}

func (f *fakeRuntime) backend(name string) map[string]haproxy.ServerState {
	if f.servers[name] == nil {
		f.servers[name] = map[string]haproxy.ServerState{}
	}
	return f.servers[name]
}

func (f *fakeRuntime) Servers(_ context.Context, backend string) ([]haproxy.ServerState, error) {
	var out []haproxy.ServerState
	for _, s := range f.backend(backend) {
		out = append(out, s)
	}
	return out, nil
}

func (f *fakeRuntime) AddServer(_ context.Context, backend string, s haproxy.Server) error {
	f.backend(backend)[s.Name] = haproxy.ServerState{Name: s.Name, Address: s.Address, Port: s.Port}
	return nil
}

func (f *fakeRuntime) DrainServer(context.Context, string, string) error { return nil }
func (f *fakeRuntime) ReadyServer(context.Context, string, string) error { return nil }

func (f *fakeRuntime) RemoveServer(_ context.Context, backend, name string) error {
	delete(f.backend(backend), name)
	return nil
}

// SetMapEntry accepts the serving-map switch of an app with variants.
func (f *fakeRuntime) SetMapEntry(context.Context, string, string, string) error { return nil }

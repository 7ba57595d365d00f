package apply

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// fakeRuntime holds servers per backend and records every call.
type fakeRuntime struct {
	servers map[string][]haproxy.ServerState
	calls   []string
	failAdd error
}

func (f *fakeRuntime) Servers(_ context.Context, backend string) ([]haproxy.ServerState, error) {
	return f.servers[backend], nil
}

func (f *fakeRuntime) AddServer(_ context.Context, backend string, s haproxy.Server) error {
	f.calls = append(f.calls, "add "+s.Name)
	if f.failAdd != nil {
		return f.failAdd
	}
	f.servers[backend] = append(f.servers[backend], haproxy.ServerState{Name: s.Name, Address: s.Address, Port: s.Port, Weight: 100})
	return nil
}

func (f *fakeRuntime) DrainServer(_ context.Context, backend, name string) error {
	f.calls = append(f.calls, "drain "+name)
	f.set(backend, name, func(s *haproxy.ServerState) { s.Admin |= haproxy.AdminForcedDrain })
	return nil
}

func (f *fakeRuntime) ReadyServer(_ context.Context, backend, name string) error {
	f.calls = append(f.calls, "ready "+name)
	f.set(backend, name, func(s *haproxy.ServerState) { s.Admin = 0; s.Weight = 100 })
	return nil
}

func (f *fakeRuntime) RemoveServer(_ context.Context, backend, name string) error {
	f.calls = append(f.calls, "remove "+name)
	var kept []haproxy.ServerState
	for _, s := range f.servers[backend] {
		if s.Name != name {
			kept = append(kept, s)
		}
	}
	f.servers[backend] = kept
	return nil
}

func (f *fakeRuntime) SetMapEntry(_ context.Context, file, key, value string) error {
	f.calls = append(f.calls, "set map "+key+" "+value)
	return nil
}

func (f *fakeRuntime) set(backend, name string, change func(*haproxy.ServerState)) {
	for i := range f.servers[backend] {
		if f.servers[backend][i].Name == name {
			change(&f.servers[backend][i])
		}
	}
}

// withServers returns the one-app model with the given servers.
func withServers(servers ...haproxy.Server) haproxy.Model {
	m := model("web", "10.0.0.1")
	m.Apps[0].Servers = servers
	return m
}

func server(name, addr string, draining bool) haproxy.Server {
	return haproxy.Server{Name: name, Address: addr, Port: "80", Draining: draining}
}

// runtimeRig is a rig whose HAProxy already runs the first model's servers.
func runtimeRig(t *testing.T, first haproxy.Model) (*rig, *fakeRuntime) {
	t.Helper()
	g := newRig(t)
	rt := &fakeRuntime{servers: map[string][]haproxy.ServerState{}}
	g.a.Runtime = rt
	if out, err := g.apply(t, first); err != nil || out != Reloaded {
		t.Fatalf("first apply = %s, %v; want reloaded", out, err)
	}
	for _, s := range first.Apps[0].Servers {
		rt.servers["app_web"] = append(rt.servers["app_web"], haproxy.ServerState{Name: s.Name, Address: s.Address, Port: s.Port, Weight: 100})
	}
	return g, rt
}

func TestServerChangesUseTheRuntimeAPIWithoutReload(t *testing.T) {
	old := server("web-1-1", "10.0.0.1", false)
	g, rt := runtimeRig(t, withServers(old))
	next := withServers(server("web-1-1", "10.0.0.1", true), server("web-2-1", "10.0.0.2", false))
	out, err := g.apply(t, next)
	if err != nil || out != RuntimeApplied {
		t.Fatalf("apply = %s, %v; want runtime", out, err)
	}
	if want := []string{"add web-2-1", "drain web-1-1"}; !reflect.DeepEqual(rt.calls, want) {
		t.Errorf("runtime calls = %v, want %v (the new server before the drain)", rt.calls, want)
	}
	if g.r.loads != 1 {
		t.Errorf("%d reloads, want only the first", g.r.loads)
	}
	if g.file(t) != rendered(next) {
		t.Error("the file does not hold the new model, so a later reload would lose the change")
	}

	rt.calls = nil
	if out, err := g.apply(t, withServers(server("web-2-1", "10.0.0.2", false))); err != nil || out != RuntimeApplied {
		t.Fatalf("removing the drained server: %s, %v", out, err)
	}
	if want := []string{"remove web-1-1"}; !reflect.DeepEqual(rt.calls, want) {
		t.Errorf("runtime calls = %v, want %v", rt.calls, want)
	}
}

func TestNewAppStillReloads(t *testing.T) {
	g, rt := runtimeRig(t, withServers(server("web-1-1", "10.0.0.1", false)))
	two := withServers(server("web-1-1", "10.0.0.1", false))
	two.Apps = append(two.Apps, model("api", "10.0.0.9").Apps[0])
	if out, err := g.apply(t, two); err != nil || out != Reloaded {
		t.Fatalf("apply of a new app = %s, %v; want reloaded", out, err)
	}
	if len(rt.calls) != 0 {
		t.Errorf("runtime calls %v for a structural change", rt.calls)
	}
}

func TestRuntimeFailureFallsBackToReload(t *testing.T) {
	g, rt := runtimeRig(t, withServers(server("web-1-1", "10.0.0.1", false)))
	rt.failAdd = errors.New("socket gone")
	next := withServers(server("web-2-1", "10.0.0.2", false))
	if out, err := g.apply(t, next); err != nil || out != Reloaded {
		t.Fatalf("apply = %s, %v; want a reload after the runtime API failed", out, err)
	}
	if string(g.r.loaded) != rendered(next) {
		t.Error("the reload did not load the new model")
	}
}

func TestBusyServerIsDeletedOnALaterPass(t *testing.T) {
	g, rt := runtimeRig(t, withServers(server("web-1-1", "10.0.0.1", false), server("web-2-1", "10.0.0.2", false)))
	var retries []time.Duration
	g.a.RetryLater = func(d time.Duration) { retries = append(retries, d) }
	busy := &busyRuntime{fakeRuntime: rt, busyLeft: 1}
	g.a.Runtime = busy
	next := withServers(server("web-2-1", "10.0.0.2", false))
	if out, err := g.apply(t, next); err != nil || out != RuntimeApplied {
		t.Fatalf("apply = %s, %v; a server with idle connections must not fail the pass", out, err)
	}
	if len(retries) != 1 || len(rt.servers["app_web"]) != 2 {
		t.Fatalf("retries %v, servers %v: want one retry asked for and the busy server kept", retries, rt.servers["app_web"])
	}
	if out, err := g.apply(t, next); err != nil || out != Unchanged {
		t.Fatalf("second apply = %s, %v; want unchanged", out, err)
	}
	if len(rt.servers["app_web"]) != 1 || g.r.loads != 1 {
		t.Errorf("servers %v after the retry, %d reloads; want the busy one deleted, no reload", rt.servers["app_web"], g.r.loads)
	}
}

// busyRuntime answers ErrServerBusy to the first busyLeft removals.
type busyRuntime struct {
	*fakeRuntime
	busyLeft int
}

func (b *busyRuntime) RemoveServer(ctx context.Context, backend, name string) error {
	if b.busyLeft > 0 {
		b.busyLeft--
		return haproxy.ErrServerBusy
	}
	return b.fakeRuntime.RemoveServer(ctx, backend, name)
}

package reconcile

import (
	"bytes"
	"context"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
)

// fakeLister returns containers or an error and counts its calls. A call
// blocks while gate is set, until the gate is closed.
type fakeLister struct {
	mu    sync.Mutex
	calls int
	cs    []routing.Container
	err   error
	gate  chan struct{}
	// entered receives the number of each call as it starts, if set.
	entered chan int
}

func (f *fakeLister) List(context.Context) ([]routing.Container, error) {
	f.mu.Lock()
	f.calls++
	n, gate, entered := f.calls, f.gate, f.entered
	cs := append([]routing.Container(nil), f.cs...)
	err := f.err
	f.mu.Unlock()
	if entered != nil {
		entered <- n
	}
	if gate != nil {
		<-gate
	}
	return cs, err
}

func (f *fakeLister) set(cs []routing.Container, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cs, f.err = cs, err
}

func (f *fakeLister) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// readyMarker marks every running container ready.
type readyMarker struct{}

func (readyMarker) Warm(context.Context, []routing.Container) {}

func (readyMarker) Mark(_ context.Context, cs []routing.Container) {
	for i := range cs {
		cs[i].Ready = cs[i].Running
	}
}

// fakeApplier records models; it reloads when the model changed.
type fakeApplier struct {
	mu       sync.Mutex
	models   []haproxy.Model
	err      error
	rejected []apply.RejectedApp // what Rejected answers
	// gate, when set, blocks Apply until it is closed.
	gate chan struct{}
}

// Rejected answers the apps the test says HAProxy rejected.
func (f *fakeApplier) Rejected() []apply.RejectedApp {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rejected
}

func (f *fakeApplier) Apply(_ context.Context, m haproxy.Model) (apply.Outcome, error) {
	f.mu.Lock()
	gate := f.gate
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return "", f.err
	}
	changed := len(f.models) == 0 || !reflect.DeepEqual(f.models[len(f.models)-1], m)
	f.models = append(f.models, m)
	if changed {
		return apply.Reloaded, nil
	}
	return apply.Unchanged, nil
}

func (f *fakeApplier) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.models)
}

// lockedBuffer is a log destination safe to read while the loop writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *lockedBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Count(b.buf.Bytes(), []byte(s))
}

// harness runs a Loop over fakes until the test ends.
type harness struct {
	lister  *fakeLister
	applier *fakeApplier
	logs    *lockedBuffer
	loop    *Loop
}

// start runs a loop whose resync never fires during a test.
func start(t *testing.T, lister *fakeLister) *harness {
	t.Helper()
	return startAdmitting(t, lister, nil)
}

// startAdmitting is start with the loop's Admit set.
func startAdmitting(t *testing.T, lister *fakeLister, admit func([]routing.Container) (routing.Admissions, error)) *harness {
	t.Helper()
	h := &harness{lister: lister, applier: &fakeApplier{}, logs: &lockedBuffer{}}
	h.loop = New(lister, readyMarker{}, h.applier, slog.New(slog.NewTextHandler(h.logs, nil)))
	h.loop.Admit = admit
	h.loop.Resync = time.Hour
	h.loop.Settle = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.loop.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return h
}

// waitFor polls cond until it holds, failing the test after 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitPasses waits until the lister was called n times.
func (h *harness) waitPasses(t *testing.T, n int) {
	t.Helper()
	waitFor(t, "list calls", func() bool { return h.lister.count() >= n })
}

// quiet waits long enough for any pending pass to have happened.
func (h *harness) quiet() {
	time.Sleep(10 * h.loop.Settle)
}

// app returns a running container of app with a valid set of labels.
func app(name, appName, addr string) routing.Container {
	return routing.Container{
		ID:      "id-" + name,
		Name:    name,
		Labels:  labels.Encode(labels.Route{AppName: appName, Domains: []labels.Domain{{Canonical: appName + ".example.com"}}}),
		Running: true,
		Address: addr,
	}
}

// badPort returns a container whose port label is wrong.
func badPort(name string) routing.Container {
	c := app(name, "bad", "10.0.9.1")
	c.Labels[labels.Port] = "http"
	return c
}

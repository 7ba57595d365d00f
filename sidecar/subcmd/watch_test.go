package subcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/wire"
)

// lineWriter collects written lines and fails once it holds max of them,
// like a reader that went away.
type lineWriter struct {
	mu    sync.Mutex
	lines []string
	at    []time.Time
	max   int
}

var errEnough = errors.New("enough lines")

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.lines) >= w.max {
		return 0, errEnough
	}
	w.lines = append(w.lines, string(p))
	w.at = append(w.at, time.Now())
	return len(p), nil
}

func TestWatchStatusWritesChangesAndHeartbeats(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "ctl.sock")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var passes atomic.Int64
	status := func(n int) wire.DaemonStatus {
		return wire.DaemonStatus{Status: wire.Status{Passes: n, Apps: []routing.AppStatus{{Name: "a"}}}}
	}
	go ctl.Serve(ctx, ownSocket(t, socket), socket, ctl.Handlers{Status: func() wire.DaemonStatus { return status(int(passes.Load())) }})
	time.Sleep(100 * time.Millisecond) // let the socket come up
	go func() {
		time.Sleep(300 * time.Millisecond)
		passes.Store(1)
	}()
	w := &lineWriter{max: 3}
	start := time.Now()
	err := watchStatus(ctx, socket, nil, w)
	if !errors.Is(err, errEnough) {
		t.Fatalf("watch ended with %v, want the writer's error", err)
	}
	line := func(n int) string { b, _ := json.Marshal(jsonout.NoNilSlices(status(n))); return string(b) } // as the socket sends it
	want := []string{line(0), line(1), line(1)}
	for i, l := range w.lines {
		if strings.TrimSuffix(l, "\n") != want[i] || !strings.HasSuffix(l, "\n") {
			t.Errorf("line %d = %q, want %q and a newline", i, l, want[i])
		}
	}
	if d := w.at[1].Sub(start); d < 250*time.Millisecond || d > 600*time.Millisecond {
		t.Errorf("the change was written after %s, want soon after it happened at 300ms", d)
	}
	if d := w.at[2].Sub(w.at[1]); d < watchHeartbeat-watchEvery || d > watchHeartbeat+300*time.Millisecond {
		t.Errorf("the unchanged status was repeated after %s, want the heartbeat %s", d, watchHeartbeat)
	}
}

func TestWatchStatusFailsWithoutSidecar(t *testing.T) {
	var out bytes.Buffer
	err := watchStatus(context.Background(), filepath.Join(t.TempDir(), "none.sock"), nil, &out)
	if err == nil || out.Len() != 0 {
		t.Fatalf("watch without a socket: err %v, output %q; want an error and no output", err, out.String())
	}
}

func TestWatchStatusEndsWhenInputCloses(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "ctl.sock")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go ctl.Serve(ctx, ownSocket(t, socket), socket, ctl.Handlers{Status: func() wire.DaemonStatus { return wire.DaemonStatus{Status: wire.Status{Passes: 1}} }})
	time.Sleep(100 * time.Millisecond)
	in, closeIn := io.Pipe()
	ended := make(chan error, 1)
	w := &lineWriter{max: 1000}
	go func() { ended <- watchStatus(ctx, socket, in, w) }()
	time.Sleep(200 * time.Millisecond)
	closeIn.Close()
	select {
	case err := <-ended:
		if err != nil || len(w.lines) == 0 {
			t.Errorf("watch ended with %v after %d lines, want nil after at least one", err, len(w.lines))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("watch still running 2 s after its input closed")
	}
}

// ownSocket claims the control socket at path for the test.
func ownSocket(t *testing.T, path string) *ctl.Owner {
	t.Helper()
	o, err := ctl.Own(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Release() })
	return o
}

package subcmd

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/wire"
)

// startSession runs a session against a control socket answering status
// and promote, and returns its input and its lines.
func startSession(t *testing.T, promote func(ctx context.Context, app, id string) error) (io.WriteCloser, <-chan wire.SessionLine, <-chan error) {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "ctl.sock")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go ctl.Serve(ctx, ownSocket(t, socket), socket, ctl.Handlers{Promote: promote,
		Status: func() wire.DaemonStatus { return wire.DaemonStatus{Status: wire.Status{Passes: 3}} }})
	time.Sleep(100 * time.Millisecond)
	in, inW := io.Pipe()
	outR, out := io.Pipe()
	ended := make(chan error, 1)
	go func() { ended <- runSession(ctx, socket, in, out); out.Close() }()
	lines := make(chan wire.SessionLine, 100)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			var l wire.SessionLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Errorf("a session line is not a SessionLine: %q", sc.Text())
			}
			lines <- l
		}
		close(lines)
	}()
	return inW, lines, ended
}

func send(t *testing.T, in io.Writer, id int, args ...string) {
	t.Helper()
	b, _ := json.Marshal(wire.SessionRequest{ID: id, Args: args})
	if _, err := in.Write(append(b, '\n')); err != nil {
		t.Fatal(err)
	}
}

// nextReply skips status lines up to the next reply.
func nextReply(t *testing.T, lines <-chan wire.SessionLine) wire.SessionReply {
	t.Helper()
	timeout := time.After(3 * time.Second)
	for {
		select {
		case l := <-lines:
			if l.Reply != nil {
				return *l.Reply
			}
		case <-timeout:
			t.Fatal("no reply within 3 s")
		}
	}
}

func TestSessionStreamsStatusAndRunsRequests(t *testing.T) {
	in, lines, ended := startSession(t, nil)
	first := <-lines
	var st wire.DaemonStatus
	if err := json.Unmarshal(first.Status, &st); err != nil || st.Passes != 3 {
		t.Fatalf("first line %+v (%v), want the status", first, err)
	}
	send(t, in, 7, "version")
	if r := nextReply(t, lines); r.ID != 7 || r.Error != "" || !strings.Contains(r.Output, "version") {
		t.Fatalf("version reply %+v", r)
	}
	send(t, in, 8, "status", "--watch")
	if r := nextReply(t, lines); r.ID != 8 || r.Error == "" {
		t.Fatalf("a watch inside a session: %+v, want refused", r)
	}
	in.Close()
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("session ended with %v after its input closed, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("session still running 2 s after its input closed")
	}
}

func TestPromoteWhenReadyIsHeldOnlyInASession(t *testing.T) {
	if err := promoteWhenReady(context.Background(), "/nonexistent.sock", "web", "20260101120000"); err == nil || !strings.Contains(err.Error(), "only in a session") {
		t.Fatalf("outside a session: %v, want refused", err)
	}
	socket := filepath.Join(t.TempDir(), "ctl.sock")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	held := make(chan struct{})
	go ctl.Serve(ctx, ownSocket(t, socket), socket, ctl.Handlers{Status: func() wire.DaemonStatus { return wire.DaemonStatus{} },
		Promote: func(ctx context.Context, app, id string) error {
			close(held)
			<-ctx.Done() // never ready
			return ctx.Err()
		}})
	time.Sleep(100 * time.Millisecond)
	sessCtx, endSession := context.WithCancel(context.WithValue(ctx, sessionKey{}, true))
	done := make(chan error, 1)
	go func() { done <- promoteWhenReady(sessCtx, socket, "web", "20260101120000") }()
	<-held
	endSession() // the deploy went away
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a promotion whose session ended reported success")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the held promotion did not end with its session")
	}
}

package infra

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/haloydev/haloy/internal/dockerexec"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/wire"
)

// sessionStartTimeout bounds the wait for a session's first status line.
const sessionStartTimeout = 10 * time.Second

// Session is one `haloy-sidecar session` exec that a deploy keeps open
// from start to end: its registration, promotion, hand-over and history
// commands and its status watch all go over it, instead of one docker exec
// each. When the deploy ends (or is killed) the exec's input closes and
// the sidecar drops whatever the session still held, such as a promotion
// waiting for readiness. When the session cannot open (an older sidecar)
// or once it broke, Exec and Status fall back to a docker exec of their
// own and Watch fails, so the caller polls.
type Session struct {
	fallback *engine.Engine
	opened   chan struct{} // closed once the session is usable or failed
	conv     *dockerexec.Conversation

	mu      sync.Mutex
	next    int
	replies map[int]chan wire.SessionReply
	status  []byte        // the newest status line
	version int           // counts status lines
	changed chan struct{} // closed and replaced on each status line
	ended   chan struct{} // closed when the session ended (or never opened)
	err     error         // why it ended
}

// StartSession opens a session in the sidecar in the background: the
// first use waits until it sent its first status line.
func StartSession(ctx context.Context, eng *engine.Engine) *Session {
	s := &Session{fallback: eng, opened: make(chan struct{}), replies: map[int]chan wire.SessionReply{},
		changed: make(chan struct{}), ended: make(chan struct{})}
	go s.open(ctx)
	return s
}

// open starts the exec and waits for its first status line.
func (s *Session) open(ctx context.Context) {
	defer close(s.opened)
	conv, err := s.fallback.ExecConversation(ctx, SidecarContainer, []string{SidecarBinary, wire.SessionCommand})
	if err != nil {
		s.end(fmt.Errorf("opening a session with the sidecar: %w", err))
		return
	}
	s.conv = conv
	first := s.changed
	go s.read()
	select {
	case <-first:
		return
	case <-s.ended:
		return
	case <-time.After(sessionStartTimeout):
	case <-ctx.Done():
	}
	conv.Close()
	<-s.ended
}

// usable waits until the session opened and reports whether it runs.
func (s *Session) usable(ctx context.Context) bool {
	select {
	case <-s.opened:
	case <-ctx.Done():
		return false
	}
	select {
	case <-s.ended:
		return false
	default:
		return true
	}
}

// Live waits until the session opened and reports whether it runs: false
// when the engine has no sidecar container to open it in (a manager that
// reaches the sidecar through the relay task, which forwards one-shot
// subcommands only) or the sidecar has no sessions.
func (s *Session) Live(ctx context.Context) bool { return s.usable(ctx) }

// end records why the session ended.
func (s *Session) end(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
	close(s.ended)
}

// read takes the session's lines until it ends.
func (s *Session) read() {
	err := s.conv.Lines(func(line []byte) bool {
		var l wire.SessionLine
		if json.Unmarshal(line, &l) != nil {
			return true // not ours; a status --watch line would not parse either
		}
		if l.Reply != nil {
			s.deliver(*l.Reply)
		}
		if len(l.Status) > 0 {
			s.publish(l.Status)
		}
		return true
	})
	s.end(err)
}

func (s *Session) deliver(r wire.SessionReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.replies[r.ID]; ok {
		ch <- r
		delete(s.replies, r.ID)
	}
}

func (s *Session) publish(status []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = append([]byte(nil), status...)
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

// Exec runs cmd (the sidecar binary and a subcommand) over the session and
// returns its output; containerName is the sidecar's. Once the session
// ended it runs cmd with docker exec instead.
func (s *Session) Exec(ctx context.Context, containerName string, cmd []string) (string, error) {
	if len(cmd) < 2 || cmd[0] != SidecarBinary {
		return s.fallback.Exec(ctx, containerName, cmd)
	}
	if !s.usable(ctx) {
		return s.fallback.Exec(ctx, containerName, cmd)
	}
	ch, id, err := s.send(cmd[1:])
	if err != nil {
		return s.fallback.Exec(ctx, containerName, cmd)
	}
	select {
	case r := <-ch:
		if r.Error != "" {
			return r.Output, fmt.Errorf("%q in the sidecar: %s", strings.Join(cmd[1:], " "), r.Error)
		}
		return r.Output, nil
	case <-ctx.Done():
		s.forget(id)
		return "", ctx.Err()
	case <-s.ended:
		return "", fmt.Errorf("%q in the sidecar: the session ended: %w", strings.Join(cmd[1:], " "), s.err)
	}
}

// send writes a request for args and returns the channel its reply comes on.
func (s *Session) send(args []string) (chan wire.SessionReply, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.ended:
		return nil, 0, s.err
	default:
	}
	s.next++
	line, err := json.Marshal(wire.SessionRequest{ID: s.next, Args: args})
	if err != nil {
		return nil, 0, err
	}
	ch := make(chan wire.SessionReply, 1)
	s.replies[s.next] = ch
	if _, err := s.conv.Write(append(line, '\n')); err != nil {
		delete(s.replies, s.next)
		return nil, 0, err
	}
	return ch, s.next, nil
}

func (s *Session) forget(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.replies, id)
}

// Status returns the newest status the session sent.
func (s *Session) Status(ctx context.Context) (wire.Status, error) {
	var st wire.Status
	if !s.usable(ctx) {
		err := SidecarStatus(ctx, s.fallback, &st)
		return st, err
	}
	s.mu.Lock()
	line := s.status
	s.mu.Unlock()
	if err := json.Unmarshal(line, &st); err != nil {
		return st, fmt.Errorf("reading the sidecar's status: %w", err)
	}
	return st, nil
}

// Watch calls fn with the status now and as it changes until fn returns
// false, ctx ends or the session ends (then it returns an error).
func (s *Session) Watch(ctx context.Context, fn func(wire.Status) bool) error {
	if !s.usable(ctx) {
		return fmt.Errorf("following the sidecar's status: %w", s.err)
	}
	seen := 0
	for {
		s.mu.Lock()
		line, version, changed := s.status, s.version, s.changed
		s.mu.Unlock()
		if version > seen {
			seen = version
			var st wire.Status
			if err := json.Unmarshal(line, &st); err != nil {
				return fmt.Errorf("reading the sidecar's status: %w", err)
			}
			if !fn(st) {
				return nil
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ended:
			return fmt.Errorf("following the sidecar's status: the session ended: %w", s.err)
		}
	}
}

// Close ends the session; the sidecar drops what it still held for it.
func (s *Session) Close() {
	<-s.opened
	if s.conv != nil {
		s.conv.Close()
	}
}

package subcmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"sync"

	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/wire"
)

// maxRequest bounds one request line of a session (a history snapshot is
// the largest argument).
const maxRequest = 4 << 20

// sessionKey marks a context as a session's: what runs in it ends when
// the session's client goes away.
type sessionKey struct{}

// inSession reports whether ctx is a session's.
func inSession(ctx context.Context) bool {
	return ctx.Value(sessionKey{}) != nil
}

// runSession serves `haloy-sidecar session` for a deploy: it writes the
// status from socket as `status --watch` does, and runs each request read
// from in (a wire.SessionRequest line) as its own subcommand, at the same
// time as the others, writing its reply once it is done; every line out
// is a wire.SessionLine. It ends when in ends (the deploy went away, which
// also ends every request still running: a held promotion is dropped),
// when writing fails, or after watchLimit.
func runSession(ctx context.Context, socket string, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, sessionKey{}, true), watchLimit)
	defer cancel()
	w := &sessionWriter{out: out}
	go func() {
		defer cancel()
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), maxRequest)
		for sc.Scan() {
			var req wire.SessionRequest
			if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
				w.reply(wire.SessionReply{ID: -1, Error: "reading a request: " + err.Error()})
				continue
			}
			go func() { w.reply(runRequest(ctx, req)) }()
		}
	}()
	return followStatus(ctx, socket, w.status)
}

// runRequest runs one request's subcommand.
func runRequest(ctx context.Context, req wire.SessionRequest) wire.SessionReply {
	rep := wire.SessionReply{ID: req.ID}
	if len(req.Args) == 0 || !Is(req.Args[0]) || req.Args[0] == wire.SessionCommand || slices.Equal(req.Args, []string{"status", "--watch"}) {
		rep.Error = "a session runs one-shot subcommands; got " + quoteArgs(req.Args)
		return rep
	}
	var out bytes.Buffer
	if err := Run(ctx, req.Args, &out); err != nil {
		rep.Error = err.Error()
	}
	rep.Output = out.String()
	return rep
}

// promoteWhenReady runs `membership promote APP ID --when-ready`: only in
// a session, whose end (the deploy went away) drops the promotion; a
// plain docker exec outlives its client, so it is refused there.
func promoteWhenReady(ctx context.Context, socket, app, id string) error {
	if !inSession(ctx) {
		return errors.New("membership promote --when-ready runs only in a session (haloy-sidecar session), which ends with the deploy; use membership promote APP ID")
	}
	return ctl.PromoteWhenReady(ctx, socket, app, id)
}

// sessionWriter writes a session's lines one at a time.
type sessionWriter struct {
	mu  sync.Mutex
	out io.Writer
}

// status writes a status line (JSON ending in a newline).
func (w *sessionWriter) status(line []byte) error {
	return w.write(wire.SessionLine{Status: bytes.TrimSpace(line)})
}

// reply writes a reply; a failed write ends the session through status.
func (w *sessionWriter) reply(r wire.SessionReply) {
	w.write(wire.SessionLine{Reply: &r})
}

func (w *sessionWriter) write(l wire.SessionLine) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return writeWithin(w.out, append(b, '\n'), writeTimeout)
}

func quoteArgs(args []string) string {
	b, _ := json.Marshal(args)
	return string(b)
}

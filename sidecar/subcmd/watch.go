package subcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/haloydev/haloy/sidecar/ctl"
)

// Timing of `status --watch`.
const (
	// watchEvery is how often the status is read.
	watchEvery = 50 * time.Millisecond
	// watchHeartbeat is the longest time between two lines, so a reader
	// can tell a quiet sidecar from a dead stream.
	watchHeartbeat = time.Second
	// watchLimit ends a watch whose reader forgot it.
	watchLimit = 15 * time.Minute
	// writeTimeout ends a watch whose reader went away without closing
	// the pipe: Docker may keep an exec's output open after the client left.
	writeTimeout = 5 * time.Second
)

// watchStatus writes the status from socket as one JSON line now, after
// each change and at least every watchHeartbeat, until ctx ends, watchLimit
// passes, out fails or in ends (when in is not nil): the reader went away.
// The CLI follows a deploy with one docker exec of this instead of one
// exec per poll, and closes its input when done.
func watchStatus(ctx context.Context, socket string, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, watchLimit)
	defer cancel()
	if in != nil {
		go func() {
			io.Copy(io.Discard, in)
			cancel()
		}()
	}
	return followStatus(ctx, socket, func(line []byte) error { return writeWithin(out, line, writeTimeout) })
}

// followStatus calls write with the status from socket as one JSON line
// now, after each change and at least every watchHeartbeat, until ctx
// ends (then it returns nil) or reading or writing fails.
func followStatus(ctx context.Context, socket string, write func(line []byte) error) error {
	var last []byte
	var sent time.Time
	for {
		line, err := statusLine(ctx, socket)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if !bytes.Equal(line, last) || time.Since(sent) >= watchHeartbeat {
			if err := write(line); err != nil {
				return fmt.Errorf("writing status: %w", err)
			}
			last, sent = line, time.Now()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(watchEvery):
		}
	}
}

// statusLine reads the status once as compact JSON ending in a newline.
func statusLine(ctx context.Context, socket string) ([]byte, error) {
	var body, line bytes.Buffer
	if err := ctl.Get(ctx, socket, ctl.StatusPath, &body); err != nil {
		return nil, err
	}
	if err := json.Compact(&line, body.Bytes()); err != nil {
		return nil, fmt.Errorf("reading status: %w", err)
	}
	line.WriteByte('\n')
	return line.Bytes(), nil
}

// writeWithin writes p to out, giving up after d; a write left blocked
// ends with the process.
func writeWithin(out io.Writer, p []byte, d time.Duration) error {
	done := make(chan error, 1)
	go func() {
		_, err := out.Write(p)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errors.New("no reader for " + d.String())
	}
}

// AttachedInput returns standard input when it is a pipe (docker exec -i),
// whose end means the reader left, and nil otherwise (/dev/null ends at once).
func AttachedInput() io.Reader {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return nil
	}
	return os.Stdin
}

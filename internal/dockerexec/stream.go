package dockerexec

import (
	"bytes"
	"context"
	"io"

	"github.com/moby/moby/api/pkg/stdcopy"
)

// maxLine bounds one line of a streamed command's output.
const maxLine = 16 << 20

// Stream runs cmd in the named container and calls line with each line
// of its standard output (without the newline) until line returns false,
// ctx ends or the command exits. The command's standard input is attached
// but never written: stopping early closes the stream, and Docker then
// closes that input, which tells a command that watches it to end (Docker
// has no way to stop an exec otherwise). It returns nil when line stopped it,
// ctx's error when ctx ended, and an error when the command ended first.
func Stream(ctx context.Context, api API, containerName string, cmd []string, line func([]byte) bool) error {
	c, err := Open(ctx, api, containerName, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, c.Close)
	defer stop()
	err = c.Lines(line)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// demux splits Docker's multiplexed exec stream into a pipe of standard
// output and a buffer of standard error; copied closes when both are done
// (the buffer may be read only then).
func demux(r io.Reader) (*io.PipeReader, *bytes.Buffer, <-chan struct{}) {
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, err := stdcopy.StdCopy(pw, &stderr, r)
		pw.CloseWithError(err)
	}()
	return pr, &stderr, copied
}

package dockerexec

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/moby/moby/client"
)

// Conversation is a command running in a container with its standard
// input and output attached: the caller writes input as it goes and reads
// the output line by line.
type Conversation struct {
	att       client.ExecAttachResult
	out       *io.PipeReader
	stderr    *bytes.Buffer
	copied    <-chan struct{}
	container string
	command   string
}

// Open starts cmd in the named container with its input and output
// attached. Closing the conversation closes the command's input, which
// tells a command that watches it to end (Docker has no way to stop an
// exec otherwise).
func Open(ctx context.Context, api API, containerName string, cmd []string) (*Conversation, error) {
	_, att, err := start(ctx, api, containerName, cmd, true)
	if err != nil {
		return nil, err
	}
	out, stderr, copied := demux(att.Reader)
	return &Conversation{att: att, out: out, stderr: stderr, copied: copied, container: containerName, command: strings.Join(cmd, " ")}, nil
}

// Write writes p to the command's standard input.
func (c *Conversation) Write(p []byte) (int, error) {
	return c.att.Conn.Write(p)
}

// Lines calls line with each line of the command's standard output
// (without the newline) until line returns false (then it returns nil) or
// the output ends: then it returns an error carrying the command's
// standard error.
func (c *Conversation) Lines(line func([]byte) bool) error {
	sc := bufio.NewScanner(c.out)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		if !line(sc.Bytes()) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading output of %q in %s: %w", c.command, c.container, err)
	}
	<-c.copied
	return fmt.Errorf("%q in %s ended: %s", c.command, c.container, strings.TrimSpace(c.stderr.String()))
}

// Close ends the conversation: the command's input closes.
func (c *Conversation) Close() {
	c.att.Close()
	c.out.Close()
}

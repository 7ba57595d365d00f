package haproxy

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// DefaultCommandTimeout bounds one socket exchange when the context has no
// earlier deadline.
const DefaultCommandTimeout = 10 * time.Second

// exchange sends one command line to the HAProxy CLI socket at path and
// returns the whole answer: in non-interactive mode HAProxy closes the
// connection after answering. Trailing newlines are removed.
func exchange(ctx context.Context, path, cmd string, timeout time.Duration) (string, error) {
	if strings.ContainsAny(cmd, "\r\n") {
		return "", fmt.Errorf("haproxy command %q: contains a line break", cmd)
	}
	return send(ctx, path, cmd, cmd+"\n", timeout)
}

// send writes input, one command possibly followed by its payload lines,
// to the CLI socket at path and returns the whole answer; cmd names the
// command in errors.
func send(ctx context.Context, path, cmd, input string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return "", fmt.Errorf("connecting to %s: %w", path, err) // a *net.OpError with Op "dial"
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	if _, err := io.WriteString(conn, input); err != nil {
		return "", fmt.Errorf("sending %q to %s: %w", cmd, path, err)
	}
	// The master CLI answers but keeps the connection open until it sees
	// the end of the input.
	if err := conn.(*net.UnixConn).CloseWrite(); err != nil {
		return "", fmt.Errorf("sending %q to %s: %w", cmd, path, err)
	}
	out, err := io.ReadAll(conn)
	if err != nil {
		return "", fmt.Errorf("reading the answer to %q from %s: %w", cmd, path, err)
	}
	return strings.TrimRight(string(out), "\n"), nil
}

package haproxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Master talks to the master CLI socket of HAProxy in master-worker mode
// (the -S option). While the master re-executes itself during a reload the
// socket may refuse or stall connections, so every exchange is retried.
type Master struct {
	// Socket is the path of the master CLI socket.
	Socket string
}

// Timing of master socket exchanges: each attempt is bounded by
// masterAttemptTimeout and failed attempts are retried after
// masterRetryDelay until the context ends.
const (
	masterAttemptTimeout = 2 * time.Second
	masterRetryDelay     = 100 * time.Millisecond
)

// procStatus is the master line of "show proc".
type procStatus struct {
	reloads int
	failed  int    // -1 when the output does not say
	line    string // the master line, for messages
}

var masterLine = regexp.MustCompile(`(?m)^\d+\s+master\s+(\d+)(?:\s+\[failed:\s*(\d+)\])?`)

// parseShowProc reads the reload counters from "show proc".
func parseShowProc(out string) (procStatus, error) {
	m := masterLine.FindStringSubmatch(out)
	if m == nil {
		return procStatus{}, errors.New("no master line")
	}
	p := procStatus{failed: -1, line: strings.Join(strings.Fields(m[0]), " ")}
	p.reloads, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		p.failed, _ = strconv.Atoi(m[2])
	}
	return p, nil
}

// Reloads returns how many times the master has reloaded, successfully or not.
func (m Master) Reloads(ctx context.Context) (int, error) {
	p, err := m.showProc(ctx)
	return p.reloads, err
}

// Reload makes HAProxy load its configuration file again and verifies that
// it worked. HAProxy 3.x answers "Success=1" or "Success=0" with the
// startup logs; 2.6 answers nothing, so Reload then waits until "show
// proc" counts the reload and checks that the failed count did not grow.
// On failure the previous worker keeps serving and the error wraps
// ErrReloadFailed.
func (m Master) Reload(ctx context.Context) error {
	before, err := m.showProc(ctx)
	if err != nil {
		return err
	}
	out, err := m.exec(ctx, "reload")
	if err != nil {
		return err
	}
	switch {
	case strings.Contains(out, "Success=1"):
		return nil
	case strings.Contains(out, "Success=0"):
		return fmt.Errorf("%w: %w", ErrReloadFailed, &CommandError{Command: "reload", Answer: out})
	case out != "":
		return &CommandError{Command: "reload", Answer: out}
	}
	return m.verifyReload(ctx, before)
}

// verifyReload waits until "show proc" counts a reload after before and
// fails if that reload failed.
func (m Master) verifyReload(ctx context.Context, before procStatus) error {
	for {
		after, err := m.showProc(ctx)
		if err != nil {
			return fmt.Errorf("verifying the reload: %w", err)
		}
		if after.reloads > before.reloads {
			if after.failed > before.failed {
				return fmt.Errorf("%w: HAProxy kept the previous configuration (show proc: %q)",
					ErrReloadFailed, after.line)
			}
			return nil
		}
		if err := sleep(ctx, masterRetryDelay); err != nil {
			return fmt.Errorf("verifying the reload: show proc still counts %d reloads: %w", after.reloads, err)
		}
	}
}

func (m Master) showProc(ctx context.Context) (procStatus, error) {
	out, err := m.exec(ctx, "show proc")
	if err != nil {
		return procStatus{}, err
	}
	p, err := parseShowProc(out)
	if err != nil {
		return procStatus{}, &CommandError{Command: "show proc", Answer: out}
	}
	return p, nil
}

// exec sends cmd, retrying while the socket refuses or stalls. A command
// is only resent if no answer arrived, which is safe for "show proc"; for
// "reload" a stalled attempt means the master re-executed, i.e. the
// reload was taken, so it is not resent.
func (m Master) exec(ctx context.Context, cmd string) (string, error) {
	for {
		out, err := exchange(ctx, m.Socket, cmd, masterAttemptTimeout)
		if err == nil {
			return out, nil
		}
		if cmd == "reload" && !isDialError(err) {
			return "", nil
		}
		if serr := sleep(ctx, masterRetryDelay); serr != nil {
			return "", fmt.Errorf("%w (gave up: %w)", err, serr)
		}
	}
}

// isDialError reports whether err happened before the command was sent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

package haproxy

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
)

// Runtime talks to HAProxy's admin stats socket (the "stats socket ...
// level admin" of Settings.StatsSocket), one command per connection.
// Changes made through it are lost on reload, so the caller must write the
// same state into the configuration file too.
type Runtime struct {
	// Socket is the path of the admin stats socket.
	Socket string
}

// Answers HAProxy gives to successful commands.
const (
	answerAdded   = "New server registered."
	answerDeleted = "Server deleted."
)

// safeName matches backend and server names and addresses that cannot
// smuggle extra arguments or commands into a CLI line.
var safeName = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

// Exec sends one command and returns HAProxy's answer without trailing
// blank lines. It fails only if the socket cannot be used; HAProxy's own
// error messages are answers, see the other methods for checked commands.
func (r Runtime) Exec(ctx context.Context, cmd string) (string, error) {
	return exchange(ctx, r.Socket, cmd, DefaultCommandTimeout)
}

// expect runs cmd and returns a *CommandError unless HAProxy answers want.
func (r Runtime) expect(ctx context.Context, cmd, want string) error {
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return err
	}
	if out != want {
		return &CommandError{Command: cmd, Answer: out}
	}
	return nil
}

// AddServer adds s to backend without a reload: "add server" with the same
// health-check parameters as the configuration file, then "enable health"
// and "enable server" (HAProxy creates dynamic servers in maintenance).
// The backend must already exist. A draining s is added with weight 0.
// If enabling fails, the half-added server is deleted again.
func (r Runtime) AddServer(ctx context.Context, backend string, s Server) error {
	if err := checkNames(backend, s.Name, s.Address); err != nil {
		return err
	}
	if _, err := strconv.ParseUint(s.Port, 10, 16); err != nil {
		return fmt.Errorf("adding server %s/%s: port %q is not a number", backend, s.Name, s.Port)
	}
	id := backend + "/" + s.Name
	if err := r.expect(ctx, "add server "+id+" "+serverArgs(s), answerAdded); err != nil {
		return err
	}
	for _, cmd := range []string{"enable health " + id, "enable server " + id} {
		if err := r.expect(ctx, cmd, ""); err != nil {
			r.expect(ctx, "del server "+id, answerDeleted)
			return err
		}
	}
	return nil
}

// DrainServer stops sending new requests to the server; in-flight
// requests finish and health checks go on.
func (r Runtime) DrainServer(ctx context.Context, backend, name string) error {
	return r.setState(ctx, backend, name, "drain")
}

// ReadyServer takes the server back from drain or maintenance and restores
// its weight to ServerWeight (a server written draining has weight 0).
func (r Runtime) ReadyServer(ctx context.Context, backend, name string) error {
	if err := r.setState(ctx, backend, name, "ready"); err != nil {
		return err
	}
	return r.expect(ctx, "set weight "+backend+"/"+name+" "+strconv.Itoa(ServerWeight), "")
}

// RemoveServer puts the server in maintenance and deletes it. Deletion
// fails with ErrServerBusy while connections remain: drain first and wait
// until Sessions is 0. The server then stays in maintenance.
func (r Runtime) RemoveServer(ctx context.Context, backend, name string) error {
	if err := r.setState(ctx, backend, name, "maint"); err != nil {
		return err
	}
	return r.expect(ctx, "del server "+backend+"/"+name, answerDeleted)
}

func (r Runtime) setState(ctx context.Context, backend, name, state string) error {
	if err := checkNames(backend, name); err != nil {
		return err
	}
	return r.expect(ctx, "set server "+backend+"/"+name+" state "+state, "")
}

// checkNames rejects names that are not plain words.
func checkNames(names ...string) error {
	for _, n := range names {
		if !safeName.MatchString(n) {
			return fmt.Errorf("%q is not a valid HAProxy name or address (letters, digits, '_', '.', ':', '-')", n)
		}
	}
	return nil
}

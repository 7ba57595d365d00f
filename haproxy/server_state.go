package haproxy

import (
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// OperState is a server's operational state (srv_op_state).
type OperState int

// Operational states as HAProxy numbers them.
const (
	OperStopped  OperState = 0 // down
	OperStarting OperState = 1 // up, warming up
	OperRunning  OperState = 2 // up
	OperStopping OperState = 3 // up, soft-stopping
)

// AdminState is a server's administrative state (srv_admin_state), a mask.
type AdminState int

// Administrative state flags as HAProxy numbers them.
const (
	AdminForcedMaint    AdminState = 0x01 // set by "state maint"
	AdminInheritedMaint AdminState = 0x02 // from a tracked server
	AdminConfigMaint    AdminState = 0x04 // "disabled" in the file
	AdminForcedDrain    AdminState = 0x08 // set by "state drain"
	AdminInheritedDrain AdminState = 0x10 // from a tracked server
	AdminResolveMaint   AdminState = 0x20 // address did not resolve
)

// ServerState is what the runtime API reports about one server.
type ServerState struct {
	Name     string
	Address  string
	Port     string
	Oper     OperState
	Admin    AdminState
	Weight   int // current weight; 0 means no new requests
	Sessions int // current sessions (scur)
}

// Maintenance reports whether the server is in maintenance for any reason.
func (s ServerState) Maintenance() bool {
	return s.Admin&(AdminForcedMaint|AdminInheritedMaint|AdminConfigMaint|AdminResolveMaint) != 0
}

// Draining reports whether the server gets no new requests while not in
// maintenance: drained through the runtime API, or written with weight 0.
func (s ServerState) Draining() bool {
	return !s.Maintenance() && (s.Admin&(AdminForcedDrain|AdminInheritedDrain) != 0 || s.Weight == 0)
}

// Up reports whether health checks (or their absence) consider it up.
func (s ServerState) Up() bool {
	return s.Oper != OperStopped
}

// Servers lists the servers of backend, sorted as HAProxy holds them, from
// "show servers state" merged with the session counts of "show stat".
func (r Runtime) Servers(ctx context.Context, backend string) ([]ServerState, error) {
	if err := checkNames(backend); err != nil {
		return nil, err
	}
	cmd := "show servers state " + backend
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return nil, err
	}
	servers, err := parseServersState(out)
	if err != nil {
		return nil, &CommandError{Command: cmd, Answer: out}
	}
	sessions, err := r.sessions(ctx, backend)
	if err != nil {
		return nil, err
	}
	for i := range servers {
		servers[i].Sessions = sessions[servers[i].Name]
	}
	return servers, nil
}

// Sessions returns the number of current sessions on one server.
func (r Runtime) Sessions(ctx context.Context, backend, name string) (int, error) {
	if err := checkNames(backend, name); err != nil {
		return 0, err
	}
	sessions, err := r.sessions(ctx, backend)
	if err != nil {
		return 0, err
	}
	n, ok := sessions[name]
	if !ok {
		return 0, fmt.Errorf("sessions of %s/%s: %w", backend, name, ErrNotFound)
	}
	return n, nil
}

// sessions maps each server of backend to its scur from "show stat".
func (r Runtime) sessions(ctx context.Context, backend string) (map[string]int, error) {
	cmd := "show stat " + backend + " 4 -1"
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return nil, err
	}
	m, err := parseStatSessions(out)
	if err != nil {
		return nil, &CommandError{Command: cmd, Answer: out}
	}
	return m, nil
}

// parseServersState reads the version 1 "show servers state" format: a
// version line, a "# " header naming the columns, then one line per server.
func parseServersState(out string) ([]ServerState, error) {
	lines := strings.Split(out, "\n")
	if len(lines) < 2 || lines[0] != "1" || !strings.HasPrefix(lines[1], "# ") {
		return nil, fmt.Errorf("not a version 1 server state dump")
	}
	col := newColumns(strings.Fields(strings.TrimPrefix(lines[1], "# ")))
	var servers []ServerState
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(l, "#") {
			continue
		}
		s, err := col.serverState(f)
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
	}
	return servers, nil
}

// columns maps column names to their index.
type columns map[string]int

func newColumns(names []string) columns {
	c := columns{}
	for i, n := range names {
		c[n] = i
	}
	return c
}

// row reads named fields of one line, keeping the first error.
type row struct {
	col    columns
	fields []string
	err    error
}

func (r *row) str(name string) string {
	i, ok := r.col[name]
	if r.err == nil && (!ok || i >= len(r.fields)) {
		r.err = fmt.Errorf("column %s missing", name)
	}
	if r.err != nil {
		return ""
	}
	return r.fields[i]
}

func (r *row) int(name string) int {
	v := r.str(name)
	if r.err != nil {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.err = fmt.Errorf("column %s: %w", name, err)
	}
	return n
}

func (c columns) serverState(f []string) (ServerState, error) {
	r := row{col: c, fields: f}
	s := ServerState{
		Name:    r.str("srv_name"),
		Address: r.str("srv_addr"),
		Port:    r.str("srv_port"),
		Oper:    OperState(r.int("srv_op_state")),
		Admin:   AdminState(r.int("srv_admin_state")),
		Weight:  r.int("srv_uweight"),
	}
	return s, r.err
}

// parseStatSessions reads the CSV of "show stat" and maps svname to scur
// for server rows (not FRONTEND/BACKEND).
func parseStatSessions(out string) (map[string]int, error) {
	if !strings.HasPrefix(out, "# ") {
		return nil, fmt.Errorf("not a stat CSV")
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# ")))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("empty stat CSV")
	}
	col := newColumns(rows[0])
	m := map[string]int{}
	for _, fields := range rows[1:] {
		r := row{col: col, fields: fields}
		name, scur := r.str("svname"), r.int("scur")
		if r.err != nil {
			return nil, r.err
		}
		if name != "FRONTEND" && name != "BACKEND" {
			m[name] = scur
		}
	}
	return m, nil
}

package haproxy

import (
	"errors"
	"testing"
)

// Answers captured from HAProxy 2.6.12.
const (
	serversStateOut = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 app_x 1 s1 127.0.0.1 2 0 100 100 0 15 3 2 6 0 0 0 - 18091 - 0 0 - - 0
3 app_x 2 s2 127.0.0.1 2 8 100 100 1 15 3 2 6 0 0 0 - 18092 - 0 0 - - 0
3 app_x 3 s3 10.0.0.3 0 1 0 100 1 15 3 2 6 0 0 0 - 80 - 0 0 - - 0`
	statOut = `# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,weight,
app_x,s1,0,0,3,5,,9,UP,100,
app_x,s2,0,0,0,0,,0,UP,100,
app_x,BACKEND,0,0,3,5,,9,UP,200,`
	showProc26 = `#<PID>          <type>          <reloads>       <uptime>        <version>
26616           master          5 [failed: 2]   0d00h00m07s     2.6.12-1+deb12u4
# workers
13730           worker          0               0d00h00m03s     2.6.12-1+deb12u4
# programs`
)

func TestParseServersState(t *testing.T) {
	got, err := parseServersState(serversStateOut)
	if err != nil {
		t.Fatal(err)
	}
	want := []ServerState{
		{Name: "s1", Address: "127.0.0.1", Port: "18091", Oper: OperRunning, Weight: 100},
		{Name: "s2", Address: "127.0.0.1", Port: "18092", Oper: OperRunning, Admin: AdminForcedDrain, Weight: 100},
		{Name: "s3", Address: "10.0.0.3", Port: "80", Oper: OperStopped, Admin: AdminForcedMaint, Weight: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d servers, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("server %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	flags := [][3]bool{{false, false, true}, {true, false, true}, {false, true, false}} // draining, maintenance, up
	for i, f := range flags {
		if g := [3]bool{got[i].Draining(), got[i].Maintenance(), got[i].Up()}; g != f {
			t.Errorf("%s draining/maintenance/up = %v, want %v", got[i].Name, g, f)
		}
	}
	for _, bad := range []string{"Can't find backend.", "1\nno header", "1\n# srv_name\nx"} {
		if _, err := parseServersState(bad); err == nil {
			t.Errorf("parseServersState(%q) accepted it", bad)
		}
	}
}

func TestParseStatSessions(t *testing.T) {
	got, err := parseStatSessions(statOut)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["s1"] != 3 || got["s2"] != 0 {
		t.Errorf("got %v, want s1:3 s2:0", got)
	}
	if _, err := parseStatSessions("No such proxy."); err == nil {
		t.Error("an error answer was parsed")
	}
}

func TestParseShowProc(t *testing.T) {
	cases := map[string]struct {
		out             string
		reloads, failed int
	}{
		"2.6":            {showProc26, 5, 2},
		"without failed": {"#<PID> <type> <reloads> <uptime> <version>\n1162 master 3 0d00h02m07s 2.4.0\n# workers", 3, -1},
	}
	for name, c := range cases {
		p, err := parseShowProc(c.out)
		if err != nil || p.reloads != c.reloads || p.failed != c.failed {
			t.Errorf("%s: %+v, %v; want reloads %d failed %d", name, p, err, c.reloads, c.failed)
		}
	}
	if _, err := parseShowProc("Unknown command."); err == nil {
		t.Error("an error answer was parsed")
	}
}

func TestCommandErrorUnwrap(t *testing.T) {
	cases := map[string]error{
		"No such server.":     ErrNotFound,
		"Can't find backend.": ErrNotFound,
		"No such proxy.":      ErrNotFound,
		"Server still has connections attached to it, cannot remove it.": ErrServerBusy,
		"Already exists a server with the same name in backend.":         nil,
	}
	for answer, want := range cases {
		err := error(&CommandError{Command: "x", Answer: answer})
		if want != nil && !errors.Is(err, want) {
			t.Errorf("%q does not unwrap to %v", answer, want)
		}
		if want == nil && (errors.Is(err, ErrNotFound) || errors.Is(err, ErrServerBusy)) {
			t.Errorf("%q unwraps to a sentinel", answer)
		}
	}
}

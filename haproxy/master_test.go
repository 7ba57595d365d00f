package haproxy

import (
	"bufio"
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// scriptedSocket serves a unix socket that answers each command line with
// answer(cmd) and closes the connection, like HAProxy's CLI. It stands in
// for HAProxy 3.x, which cannot be installed on the test machines.
func scriptedSocket(t *testing.T, path string, answer func(cmd string) string) {
	t.Helper()
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go serveScripted(l, answer)
}

func serveScripted(l net.Listener, answer func(cmd string) string) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		cmd, _ := bufio.NewReader(conn).ReadString('\n')
		conn.Write([]byte(answer(strings.TrimSpace(cmd)) + "\n"))
		conn.Close()
	}
}

const showProc32 = "#<PID>          <type>          <reloads>       <uptime>        <version>\n" +
	"1               master          4 [failed: 1]   0d00h10m00s     3.2.4\n# workers\n"

func TestMasterReload3x(t *testing.T) {
	cases := map[string]struct {
		answer string
		want   error
	}{
		"success": {"Success=1\n--\n[NOTICE] Loading success.", nil},
		"failure": {"Success=0\n--\n[ALERT] config : parsing [haproxy.cfg:3] : unknown keyword 'bogus'", ErrReloadFailed},
		"unknown": {"Unknown command: 'reload'", nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "master.sock")
			scriptedSocket(t, sock, func(cmd string) string {
				if cmd == "show proc" {
					return showProc32
				}
				return c.answer
			})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := Master{Socket: sock}.Reload(ctx)
			var cmdErr *CommandError
			switch {
			case name == "unknown" && !errors.As(err, &cmdErr):
				t.Errorf("got %v, want a CommandError", err)
			case name != "unknown" && !errors.Is(err, c.want):
				t.Errorf("got %v, want %v", err, c.want)
			case c.want != nil && !strings.Contains(err.Error(), "unknown keyword 'bogus'"):
				t.Errorf("error %q does not carry HAProxy's answer", err)
			}
		})
	}
}

func TestMasterRetriesUntilTheSocketAnswers(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "master.sock")
	listening := make(chan net.Listener, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		l, err := net.Listen("unix", sock)
		if err != nil {
			t.Error(err)
			close(listening)
			return
		}
		listening <- l
		serveScripted(l, func(string) string { return showProc32 })
	}()
	defer func() {
		if l, ok := <-listening; ok {
			l.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := Master{Socket: sock}.Reloads(ctx)
	if err != nil || n != 4 {
		t.Fatalf("Reloads = %d, %v; want 4", n, err)
	}
}

func TestMasterGivesUpWithTheContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := Master{Socket: filepath.Join(t.TempDir(), "none.sock")}.Reloads(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "none.sock") {
		t.Errorf("got %v, want the dial error and the deadline", err)
	}
}

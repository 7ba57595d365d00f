package relay

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// script writes an executable shell script standing in for the sidecar
// binary: it prints its arguments, writes to standard error and exits 3,
// or for "status --watch" prints a line and waits for its input to end.
func script(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "haloy-sidecar")
	body := "#!/bin/sh\nif [ \"$2\" = --watch ]; then echo '{\"passes\":1}'; cat >/dev/null; exit 0; fi\n" +
		"echo \"args: $*\"; echo 'bad \"thing\"\nsecond line' >&2; exit 3\n"
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func leader(t *testing.T) string {
	t.Helper()
	tok := func() (string, error) { return "secret", nil }
	srv := httptest.NewServer(Handler(script(t), tok, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestForwardCarriesOutputErrorAndExitStatus(t *testing.T) {
	var out, errOut bytes.Buffer
	code, err := Forward(context.Background(), leader(t), "secret", []string{"membership", "promote", "shop", "20260101000000"}, nil, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 || out.String() != "args: membership promote shop 20260101000000\n" || errOut.String() != "bad \"thing\"\nsecond line\n" {
		t.Fatalf("exit %d, out %q, stderr %q", code, out.String(), errOut.String())
	}
}

func TestForwardRefusesAWrongTokenAndOtherSubcommands(t *testing.T) {
	url := leader(t)
	if _, err := Forward(context.Background(), url, "guess", []string{"status"}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong token: %v, want a 401", err)
	}
	if _, err := Forward(context.Background(), url, "secret", []string{"api-token", "--rotate"}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "400") {
		t.Fatalf("api-token through the relay: %v, want a 400", err)
	}
	var errOut bytes.Buffer
	if code := Main(context.Background(), url, []string{"follow-token"}, nil, io.Discard, &errOut); code != 2 || !strings.Contains(errOut.String(), "leader's manager") {
		t.Fatalf("Main follow-token: exit %d, %q", code, errOut.String())
	}
}

func TestWatchEndsWhenTheCallerLeaves(t *testing.T) {
	pr, pw := io.Pipe()
	out := &lineWaiter{got: make(chan struct{}, 1)}
	done := make(chan error, 1)
	go func() {
		_, err := Forward(context.Background(), leader(t), "secret", []string{"status", "--watch"}, pr, out, io.Discard)
		done <- err
	}()
	select {
	case <-out.got:
	case <-time.After(5 * time.Second):
		t.Fatal("no status line streamed within 5s")
	}
	pw.Close() // docker exec's caller left
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("watch ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end within 5s of its input closing")
	}
}

// lineWaiter signals its first write.
type lineWaiter struct{ got chan struct{} }

func (l *lineWaiter) Write(p []byte) (int, error) {
	select {
	case l.got <- struct{}{}:
	default:
	}
	return len(p), nil
}

func TestForwardReportsASubcommandThatCannotStart(t *testing.T) {
	tok := func() (string, error) { return "secret", nil }
	missing := filepath.Join(t.TempDir(), "no-such-binary")
	srv := httptest.NewServer(Handler(missing, tok, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	var errOut bytes.Buffer
	code, err := Forward(context.Background(), srv.URL, "secret", []string{"status"}, nil, io.Discard, &errOut)
	if err != nil || code != 1 || !strings.Contains(errOut.String(), "starting status on the leader") {
		t.Fatalf("exit %d, err %v, stderr %q; want exit 1 saying the subcommand did not start", code, err, errOut.String())
	}
}

package acme

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestE2EPebbleAccountReset restarts Pebble (same directory URL, no
// accounts) between two issuances and checks that the second succeeds in
// the same attempt: the Manager registers its account again and retries
// the order at once, without counting a failure.
func TestE2EPebbleAccountReset(t *testing.T) {
	needPebble(t)
	if err := pebble.addA("reset.haloy.test", "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	store := &Store{Dir: filepath.Join(t.TempDir(), "certs")}
	m, _ := newPebbleManager(t, store, &fakeClock{t: time.Now()})
	logs := captureLogs(m)
	req := Request{Canonical: "reset.haloy.test"}
	ensureObtained(t, m, req, "issuance before the reset")

	start := time.Now()
	if err := pebble.restartPebble(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Pebble restarted in %s", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	res, err := m.Renew(t.Context(), req)
	if err != nil || !res.Obtained {
		t.Fatalf("renewal after the reset: obtained=%v err=%v\n%s", res.Obtained, err, logs)
	}
	t.Logf("renewal after the reset took %s", time.Since(start).Round(time.Millisecond))
	checkChain(t, res, req) // issued under the new Pebble's root
	if st := statusOf(t, m, req.Canonical); st.Failures != 0 || st.LastError != "" || !st.NextAttempt.IsZero() {
		t.Errorf("status after the renewal: %+v, want no failure and no backoff", st)
	}
	if n := logs.count(`msg="registered ACME account"`); n != 2 {
		t.Errorf("the account was registered %d times, want 2 (before and after the reset)\n%s", n, logs)
	}
	if n := logs.count("registering it again"); n != 1 {
		t.Errorf("%d re-registrations logged, want 1\n%s", n, logs)
	}
	readAccountURL(t, store, m.cfg.DirectoryURL, "ops@haloy.test") // the new registration was saved
}

// logBuffer collects a Manager's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns the lines so far.
func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// count returns how many lines contain s.
func (l *logBuffer) count(s string) int {
	return strings.Count(l.String(), s)
}

// captureLogs makes m log into a buffer and returns it.
func captureLogs(m *Manager) *logBuffer {
	l := new(logBuffer)
	m.cfg.Logger = slog.New(slog.NewTextHandler(l, nil))
	return l
}

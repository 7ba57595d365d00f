package acme

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestE2ECapsAndPerAppAccounts checks against Pebble that a second new
// domain of an app past its new-order cap is held back without a request
// to the CA, while another app naming the same e-mail still gets its
// certificate, with an account of its own.
func TestE2ECapsAndPerAppAccounts(t *testing.T) {
	needPebble(t)
	ctx := context.Background()
	for _, h := range []string{"a1.caps.haloy.test", "a2.caps.haloy.test", "b1.caps.haloy.test"} {
		if err := pebble.addA(h, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	store := &Store{Dir: filepath.Join(t.TempDir(), "certs")}
	m, calls := newPebbleManager(t, store, &fakeClock{t: time.Now()})
	m.cfg.Limits.NewOrdersPerAppPerHour = 1
	const email = "owner@caps.haloy.test"

	ensureObtained(t, m, Request{App: "a", Canonical: "a1.caps.haloy.test", Email: email}, "app a's first domain")
	before := calls.n.Load()
	if _, err := m.Ensure(ctx, Request{App: "a", Canonical: "a2.caps.haloy.test", Email: email}); !errors.Is(err, ErrHeldBack) {
		t.Fatalf("app a's second domain: %v, want held back", err)
	}
	if n := calls.n.Load() - before; n != 0 {
		t.Errorf("the held-back order sent %d requests to the CA, want none", n)
	}
	ensureObtained(t, m, Request{App: "b", Canonical: "b1.caps.haloy.test", Email: email}, "app b's domain")

	dirA, errA := store.AppAccountDir(m.cfg.DirectoryURL, "a", email)
	dirB, errB := store.AppAccountDir(m.cfg.DirectoryURL, "b", email)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a, b := readAccountURLIn(t, dirA), readAccountURLIn(t, dirB); a == b {
		t.Errorf("apps a and b share the account %s for the same e-mail, want one each", a)
	}
}

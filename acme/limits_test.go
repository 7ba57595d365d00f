package acme

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// newLimitedManager returns a Manager on a fresh store talking to ca with limits.
func newLimitedManager(t *testing.T, ca *fakeCA, clock *fakeClock, limits Limits) *Manager {
	t.Helper()
	m, err := NewManager(Config{
		DirectoryURL: ca.URL + "/dir", Store: &Store{Dir: t.TempDir()}, Provider: new(HTTPProvider),
		Now: clock.Now, HTTPClient: ca.Client(), Limits: limits,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// heldBack returns err's HeldBackError, failing the test if it has none.
func heldBack(t *testing.T, what string, err error) *HeldBackError {
	t.Helper()
	var hb *HeldBackError
	if !errors.As(err, &hb) || !errors.Is(err, ErrHeldBack) {
		t.Fatalf("%s: %v, want held back", what, err)
	}
	return hb
}

func TestNewOrderCapsHoldBackNewDomainsButNotRenewals(t *testing.T) {
	ca := newFakeCA(t, false)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newLimitedManager(t, ca, clock, Limits{NewOrdersPerHour: 3, NewOrdersPerAppPerHour: 2})
	ctx := context.Background()
	ensure := func(app, domain string) error {
		_, err := m.Ensure(ctx, Request{App: app, Canonical: domain})
		return err
	}
	orders := func() int { _, o := ca.snapshot(); return len(o) }
	for _, d := range []string{"a1.example.com", "a2.example.com"} {
		if err := ensure("a", d); err == nil || errors.Is(err, ErrHeldBack) {
			t.Fatalf("%s: %v, want the CA's refusal", d, err)
		}
	}
	hb := heldBack(t, "third domain of app a", ensure("a", "a3.example.com"))
	if hb.App != "a" || hb.Cap != capNewOrder || !hb.Until.Equal(clock.Now().Add(time.Hour)) {
		t.Errorf("held back %+v, want app a's new-order cap until in an hour", hb)
	}
	for _, st := range m.Status() {
		if st.Domain == "a3.example.com" && st.Failures != 0 {
			t.Errorf("a held-back domain counts as failing: %+v", st)
		}
	}
	if err := ensure("b", "b1.example.com"); errors.Is(err, ErrHeldBack) {
		t.Fatalf("app b is held back by app a's budget: %v", err)
	}
	if hb := heldBack(t, "app c past the sidecar-wide cap", ensure("c", "c1.example.com")); hb.App != "" {
		t.Errorf("held back %+v, want the sidecar-wide cap", hb)
	}
	if n := orders(); n != 3 {
		t.Errorf("the CA got %d orders, want 3 (the held-back ones never reach it)", n)
	}

	bundle := testBundle(t, []string{"r.example.com"}, clock.Now().Add(-time.Hour), clock.Now().Add(90*24*time.Hour))
	if err := m.cfg.Store.SaveCertificate("r.example.com", bundle); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Renew(ctx, Request{App: "a", Canonical: "r.example.com"}); errors.Is(err, ErrHeldBack) {
		t.Errorf("a renewal was held back: %v", err)
	}
	if n := orders(); n != 4 {
		t.Errorf("the CA got %d orders, want 4 (the renewal)", n)
	}
	clock.Advance(time.Hour)
	if err := ensure("a", "a3.example.com"); errors.Is(err, ErrHeldBack) {
		t.Errorf("an hour later: %v, want the order sent", err)
	}
}

func TestRegistrationCapsHoldBackNewAccounts(t *testing.T) {
	ca := newFakeCA(t, false)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newLimitedManager(t, ca, clock, Limits{RegistrationsPerHour: 3, RegistrationsPerAppPerHour: 2, MaxAccounts: 5})
	ctx := context.Background()
	n := 0
	ensure := func(app, email string) error {
		n++
		_, err := m.Ensure(ctx, Request{App: app, Canonical: fmt.Sprintf("d%d.example.com", n), Email: email})
		return err
	}
	registrations := func() int { r, _ := ca.snapshot(); return r }
	for _, e := range []string{"one@example.com", "two@example.com"} {
		if err := ensure("a", e); errors.Is(err, ErrHeldBack) {
			t.Fatalf("%s: %v", e, err)
		}
	}
	if hb := heldBack(t, "app a's third e-mail", ensure("a", "three@example.com")); hb.App != "a" || hb.Cap != capRegistration {
		t.Errorf("held back %+v, want app a's registration cap", hb)
	}
	if err := ensure("a", "one@example.com"); errors.Is(err, ErrHeldBack) {
		t.Errorf("an account already registered is held back: %v", err)
	}
	bundle := testBundle(t, []string{"ren.example.com"}, clock.Now().Add(-time.Hour), clock.Now().Add(90*24*time.Hour))
	if err := m.cfg.Store.SaveCertificate("ren.example.com", bundle); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Renew(ctx, Request{App: "a", Canonical: "ren.example.com", Email: "seven@example.com"}); errors.Is(err, ErrHeldBack) {
		t.Errorf("a renewal's registration was held back: %v", err)
	}
	if err := ensure("b", "four@example.com"); errors.Is(err, ErrHeldBack) {
		t.Fatalf("app b: %v", err)
	}
	if hb := heldBack(t, "app c past the sidecar-wide cap", ensure("c", "five@example.com")); hb.App != "" {
		t.Errorf("held back %+v, want the sidecar-wide cap", hb)
	}
	clock.Advance(time.Hour)
	if err := ensure("c", "five@example.com"); errors.Is(err, ErrHeldBack) {
		t.Fatalf("an hour later: %v", err)
	}
	if hb := heldBack(t, "a fifth account", ensure("d", "six@example.com")); hb.Cap != capAccounts || !hb.Until.IsZero() {
		t.Errorf("held back %+v, want the account cap", hb)
	}
	if r := registrations(); r != 5 {
		t.Errorf("the CA got %d registrations, want 5", r)
	}
}

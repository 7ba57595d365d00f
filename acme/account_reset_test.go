package acme

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestManagerRegistersAgainForUnknownAccount checks that an order refused
// with accountDoesNotExist registers the account again and retries the
// order at once, without the old certificate's ID, and only once per attempt.
func TestManagerRegistersAgainForUnknownAccount(t *testing.T) {
	for _, forgetful := range []bool{false, true} {
		ca := newFakeCA(t, forgetful)
		clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		m := newResetManager(t, ca, clock)
		req := Request{Canonical: "app.example.com", Email: "ops@example.com"}
		_, err := m.Renew(context.Background(), req)
		if err == nil || errors.Is(err, ErrBackoff) {
			t.Fatalf("forgetful=%v: Renew: %v, want the CA's refusal", forgetful, err)
		}
		regs, orders := ca.snapshot()
		if regs != 1 || len(orders) != 2 {
			t.Fatalf("forgetful=%v: %d registrations and %d orders, want 1 and 2 (one retry)", forgetful, regs, len(orders))
		}
		if orders[0].kid != ca.URL+"/acct/0" || orders[0].replaces == "" {
			t.Errorf("forgetful=%v: first order %+v, want the stored account replacing the stored certificate", forgetful, orders[0])
		}
		if orders[1].kid != ca.URL+"/acct/1" || orders[1].replaces != "" {
			t.Errorf("forgetful=%v: retried order %+v, want the new account replacing nothing", forgetful, orders[1])
		}
		if st := statusOf(t, m, "app.example.com"); st.Failures != 1 || !st.NextAttempt.Equal(clock.Now().Add(BackoffFirst)) {
			t.Errorf("forgetful=%v: status %+v, want one failure and the first backoff", forgetful, st)
		}
		if accountUnknown(err) != forgetful {
			t.Errorf("forgetful=%v: reported error %v", forgetful, err)
		}
		want := ca.URL + "/acct/1"
		if forgetful {
			want = "" // forgotten again: the next attempt registers first
		}
		if got := savedRegistration(t, m, "ops@example.com"); got != want {
			t.Errorf("forgetful=%v: saved registration %q, want %q", forgetful, got, want)
		}
	}
}

// newResetManager returns a Manager talking to ca whose store holds a
// registration the CA does not know (account 0) and a certificate of
// app.example.com obtained with it.
func newResetManager(t *testing.T, ca *fakeCA, clock *fakeClock) *Manager {
	t.Helper()
	m := newTestManager(t, ca.Server, clock)
	store := m.cfg.Store
	acct, err := store.loadAccount(m.cfg.DirectoryURL, "ops@example.com")
	if err != nil {
		t.Fatal(err)
	}
	acct.Registration = &legoAccount{Location: ca.URL + "/acct/0"}
	if err := store.saveAccount(m.cfg.DirectoryURL, acct); err != nil {
		t.Fatal(err)
	}
	bundle := testBundle(t, []string{"app.example.com"}, clock.Now().Add(-time.Hour), clock.Now().Add(90*24*time.Hour))
	if err := store.SaveCertificate("app.example.com", bundle); err != nil {
		t.Fatal(err)
	}
	meta := Metadata{Domain: "app.example.com", DirectoryURL: m.cfg.DirectoryURL, Email: "ops@example.com"}
	if err := store.SaveMetadata(meta); err != nil {
		t.Fatal(err)
	}
	return m
}

// savedRegistration returns the account URL saved for email, "" if none.
func savedRegistration(t *testing.T, m *Manager, email string) string {
	t.Helper()
	acct, err := m.cfg.Store.loadAccount(m.cfg.DirectoryURL, email)
	if err != nil {
		t.Fatal(err)
	}
	if acct.Registration == nil {
		return ""
	}
	return acct.Registration.Location
}

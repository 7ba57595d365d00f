package acme

import (
	"context"
	"testing"
	"time"
)

// TestAppsNamingTheSameEmailHaveSeparateAccounts checks that an app's
// e-mail never selects another app's account: two apps with the same
// address register one account each, and an app without an e-mail
// uses the sidecar's default account.
func TestAppsNamingTheSameEmailHaveSeparateAccounts(t *testing.T) {
	ca := newFakeCA(t, false)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m, err := NewManager(Config{
		DirectoryURL: ca.URL + "/dir", Store: &Store{Dir: t.TempDir()}, Provider: new(HTTPProvider),
		Now: clock.Now, HTTPClient: ca.Client(), DefaultEmail: "ops@example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, r := range []Request{
		{App: "shop", Canonical: "shop.example.com", Email: "owner@shop.example"},
		{App: "squat", Canonical: "squat.example.com", Email: "owner@shop.example"},
		{App: "blog", Canonical: "blog.example.com"},
	} {
		if _, err := m.Ensure(ctx, r); err == nil {
			t.Fatalf("%s: ordered, want the fake CA's refusal", r.Canonical)
		}
	}
	regs, orders := ca.snapshot()
	if regs != 3 || len(orders) != 3 {
		t.Fatalf("%d registrations and %d orders, want 3 and 3", regs, len(orders))
	}
	for i, want := range []string{"/acct/1", "/acct/2", "/acct/3"} {
		if orders[i].kid != ca.URL+want {
			t.Errorf("order %d signed by %s, want %s (its own account)", i, orders[i].kid, ca.URL+want)
		}
	}
	if got := savedRegistration(t, m, "ops@example.com"); got != ca.URL+"/acct/3" {
		t.Errorf("the default account is %q, want the one blog registered", got)
	}
	shop, err := m.cfg.Store.loadOwnedAccount(m.cfg.DirectoryURL, "shop", "owner@shop.example")
	if err != nil || shop.Registration == nil || shop.Registration.Location != ca.URL+"/acct/1" {
		t.Errorf("shop's account: %+v (%v), want account 1, untouched by squat", shop, err)
	}
}

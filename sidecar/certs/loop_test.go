package certs

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire/certstatus"
)

// testLoop is a loop over fakes with a private CA and a fixed clock.
type testLoop struct {
	*Loop
	issuer  *fakeIssuer
	obs     *observer
	runtime *fakeRuntime
	now     time.Time
}

func newTestLoop(t *testing.T, cs ...routing.Container) *testLoop {
	t.Helper()
	tl := &testLoop{obs: &observer{}, runtime: newFakeRuntime(), now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return tl.now }
	tl.issuer = newFakeIssuer(clock)
	files := testFiles(t)
	fallback, err := files.Prepare(tl.now)
	if err != nil {
		t.Fatal(err)
	}
	tl.Loop = NewLoop(LoopConfig{
		CA: CA{DirectoryURL: "https://pebble:14000/dir"}, Issuer: tl.issuer, Observations: &tl.obs.feed,
		Installer: &Installer{Files: files, Runtime: tl.runtime, Reloader: &fakeReloader{}, Log: discardLog()},
		Fallback:  fallback, Now: clock, Log: discardLog(),
	})
	tl.obs.set(cs...)
	return tl
}

func app(name string, domains ...labels.Domain) routing.Container {
	return container(name+"-1", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), labels.Route{AppName: name, Domains: domains})
}

func TestCheckObtainsInstallsAndReports(t *testing.T) {
	tl := newTestLoop(t,
		app("shop", labels.Domain{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com"}}),
		app("bad", labels.Domain{Canonical: "bad.example.com"}),
		app("wild", labels.Domain{Canonical: "*.wild.example.com"}))
	tl.issuer.fail["bad.example.com"] = "urn:ietf:params:acme:error:connection :: connection refused"

	wait := tl.Check(context.Background(), false)
	st := tl.Status()
	if len(st.Domains) != 3 {
		t.Fatalf("report has %d domains, want 3: %+v", len(st.Domains), st.Domains)
	}
	byName := map[string]certstatus.Domain{}
	for _, d := range st.Domains {
		byName[d.Domain] = d
	}
	shop := byName["shop.example.com"]
	if shop.State != certstatus.Valid || !slices.Equal(shop.Names, []string{"shop.example.com", "www.shop.example.com"}) || shop.App != "shop" {
		t.Errorf("shop: %+v, want valid for both names", shop)
	}
	bad := byName["bad.example.com"]
	if bad.State != certstatus.Failing || bad.Failures != 1 || bad.Hint == "" || bad.NextAttempt.IsZero() {
		t.Errorf("bad: %+v, want failing with a hint and a next attempt", bad)
	}
	if w := byName["*.wild.example.com"]; w.State != certstatus.Skipped || w.Hint == "" {
		t.Errorf("wildcard: %+v, want skipped with a reason", w)
	}
	if !slices.Equal(tl.runtime.acl, []string{"shop.example.com", "www.shop.example.com"}) {
		t.Errorf("hosts redirected to HTTPS = %v, want the shop's names only", tl.runtime.acl)
	}
	if wait != 10*time.Minute {
		t.Errorf("next check in %s, want 10m (the failing domain's next attempt)", wait)
	}
}

func TestCheckRenewsWhenForcedAndSchedulesRenewal(t *testing.T) {
	tl := newTestLoop(t, app("shop", labels.Domain{Canonical: "shop.example.com"}))
	tl.issuer.lifetime = 90 * time.Second
	if wait := tl.Check(context.Background(), false); wait != 60*time.Second {
		t.Errorf("next check in %s, want 60s (a third of a 90 s lifetime before expiry)", wait)
	}
	first := tl.runtime.certs["/usr/local/etc/haproxy/certs/shop.example.com.pem"]
	tl.Check(context.Background(), true)
	if !slices.Equal(tl.issuer.renewed, []string{"shop.example.com"}) {
		t.Errorf("renewed %v, want shop.example.com", tl.issuer.renewed)
	}
	if second := tl.runtime.certs["/usr/local/etc/haproxy/certs/shop.example.com.pem"]; second == first || second == "" {
		t.Error("the renewed certificate was not loaded into haproxy")
	}
}

func TestRunChecksOnObservationAndRenewAll(t *testing.T) {
	tl := newTestLoop(t, app("shop", labels.Domain{Canonical: "shop.example.com"}))
	tl.cfg.Settle = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }() // before the temporary folder goes
	requests := func() int {
		tl.issuer.mu.Lock()
		defer tl.issuer.mu.Unlock()
		return len(tl.issuer.requests)
	}
	waitFor(t, func() bool { return requests() == 1 })
	tl.obs.add(app("blog", labels.Domain{Canonical: "blog.example.com"}))
	waitFor(t, func() bool { return requests() == 3 }) // shop again, and blog
	tl.RenewAll()
	waitFor(t, func() bool {
		tl.issuer.mu.Lock()
		defer tl.issuer.mu.Unlock()
		return slices.Equal(tl.issuer.renewed, []string{"blog.example.com", "shop.example.com"}) ||
			slices.Equal(tl.issuer.renewed, []string{"shop.example.com", "blog.example.com"})
	})
}

// TestRunInstallsAgainAfterAReload: a certificate put into HAProxy at
// runtime while the reconcile loop reloaded it may have reached the old
// process only; the pass that reports the reload has the loop install again.
func TestRunInstallsAgainAfterAReload(t *testing.T) {
	tl := newTestLoop(t, app("shop", labels.Domain{Canonical: "shop.example.com"}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return tl.runtime.served("shop.example.com") })
	// The first check installs once early and once at its end: wait until
	// it made no runtime call for 100 ms.
	waitFor(t, func() bool {
		tl.runtime.takeCalls()
		time.Sleep(100 * time.Millisecond)
		return len(tl.runtime.takeCalls()) == 0
	})
	tl.runtime.restart()
	tl.obs.again() // a pass without a reload changes nothing for certificates
	time.Sleep(100 * time.Millisecond)
	if tl.runtime.served("shop.example.com") {
		t.Fatal("the certificate came back without a reload: the test does not show what it should")
	}
	tl.obs.reloaded()
	waitFor(t, func() bool { return tl.runtime.served("shop.example.com") })
}

// TestRunWaitsForTheFirstObservation: before the reconcile loop's first
// pass no domain is known, so the loop checks nothing and installs
// nothing (installing an empty set would drop what HAProxy serves).
func TestRunWaitsForTheFirstObservation(t *testing.T) {
	tl := newTestLoop(t)
	tl.obs = &observer{}
	tl.cfg.Observations = &tl.obs.feed
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond)
	if calls := tl.runtime.takeCalls(); len(calls) != 0 || !tl.Status().LastCheck.IsZero() {
		t.Fatalf("before any observation the loop checked (last check %v) and called HAProxy: %v", tl.Status().LastCheck, calls)
	}
	tl.obs.set(app("shop", labels.Domain{Canonical: "shop.example.com"}))
	waitFor(t, func() bool { return tl.runtime.served("shop.example.com") })
}

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 2s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStateSummary(t *testing.T) {
	tests := []struct {
		hasCert, expired, failed bool
		want                     certstatus.State
	}{
		{false, false, false, certstatus.Pending},
		{false, false, true, certstatus.Failing},
		{true, false, false, certstatus.Valid},
		{true, false, true, certstatus.RenewalFailing},
		{true, true, false, certstatus.Expired},
	}
	for _, tt := range tests {
		if got := state(tt.hasCert, tt.expired, tt.failed); got != tt.want {
			t.Errorf("state(%v, %v, %v) = %s, want %s", tt.hasCert, tt.expired, tt.failed, got, tt.want)
		}
	}
}

// TestCheckPassesTheChallenge checks that each app's challenge reaches the
// issuer and the report.
func TestCheckPassesTheChallenge(t *testing.T) {
	alpn := container("alpn-1", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
		labels.Route{AppName: "alpn", ACMEChallenge: labels.ChallengeTLSALPN01, Domains: []labels.Domain{{Canonical: "alpn.example.com"}}})
	tl := newTestLoop(t, alpn, app("plain", labels.Domain{Canonical: "plain.example.com"}))
	tl.Check(context.Background(), false)
	got := map[string]string{}
	for _, r := range tl.issuer.requests {
		got[r.Canonical] = r.Challenge
	}
	want := map[string]string{"alpn.example.com": labels.ChallengeTLSALPN01, "plain.example.com": labels.ChallengeHTTP01}
	if !maps.Equal(got, want) {
		t.Errorf("challenges asked for = %v, want %v", got, want)
	}
	for _, d := range tl.Status().Domains {
		if d.Challenge != want[d.Domain] {
			t.Errorf("report for %s: challenge %q, want %q", d.Domain, d.Challenge, want[d.Domain])
		}
	}
}

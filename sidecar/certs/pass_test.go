package certs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire/certstatus"
)

// served reports whether the fake HAProxy serves a certificate for domain.
func (f *fakeRuntime) served(domain string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.ContainsFunc(f.crtList, func(p string) bool { return strings.Contains(p, domain) })
}

func TestFastCertificateIsInstalledWhileASlowOrderRuns(t *testing.T) {
	tl := newTestLoop(t,
		app("slow", labels.Domain{Canonical: "slow.example.com"}),
		app("fast", labels.Domain{Canonical: "fast.example.com"}))
	var fastServed, slowServed bool
	whileSlowOrderRuns(tl, false, func() {
		fastServed, slowServed = tl.runtime.served("fast.example.com"), tl.runtime.served("slow.example.com")
	})
	if !fastServed || slowServed {
		t.Fatalf("while the slow order ran: fast served %v, slow served %v; want the fast certificate installed at once", fastServed, slowServed)
	}
	if !tl.runtime.served("slow.example.com") || !tl.runtime.served("fast.example.com") {
		t.Errorf("after the check the crt-list is %v, want both domains", tl.runtime.crtList)
	}
}

func TestEarlyInstallKeepsStoredCertificatesOfDomainsStillChecked(t *testing.T) {
	tl := newTestLoop(t,
		app("slow", labels.Domain{Canonical: "slow.example.com"}),
		app("fast", labels.Domain{Canonical: "fast.example.com"}))
	tl.Check(context.Background(), false) // both have certificates now
	tl.runtime.crtList = nil              // as after a restart of HAProxy with an empty list
	var slowServed bool
	whileSlowOrderRuns(tl, true, func() { slowServed = tl.runtime.served("slow.example.com") }) // renew both: fast finishes first
	if !slowServed {
		t.Errorf("the early install of fast.example.com dropped slow.example.com's stored certificate: %v", tl.runtime.crtList)
	}
}

func TestRenewalsAreCheckedBeforeSlowNewDomains(t *testing.T) {
	cs := []routing.Container{app("renew", labels.Domain{Canonical: "zz-renew.example.com"})}
	tl := newTestLoop(t, cs...)
	tl.Check(context.Background(), false) // zz-renew.example.com has a certificate now
	release := make(chan struct{})
	for i := range 20 {
		d := fmt.Sprintf("new%02d.example.com", i)
		cs = append(cs, app(fmt.Sprintf("new%02d", i), labels.Domain{Canonical: d}))
		tl.issuer.slow[d] = release
	}
	tl.obs.set(cs...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tl.Check(context.Background(), false)
	}()
	checked := func() bool {
		tl.issuer.mu.Lock()
		defer tl.issuer.mu.Unlock()
		return len(tl.issuer.requests) > 1 && tl.issuer.requests[len(tl.issuer.requests)-1].Canonical == "zz-renew.example.com"
	}
	deadline := time.Now().Add(2 * time.Second)
	for !checked() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	ok := checked()
	close(release)
	<-done
	if !ok {
		t.Errorf("the renewal was not checked while %d slow new domains held the slots", MaxParallel)
	}
}

// TestStatusShowsDomainsWhileASlowOrderRuns: a certificate served before
// the check ends is in the status at once, and so is the domain still
// being ordered (pending), so that nothing HAProxy serves is missing from
// status while one slow domain holds the check open.
func TestStatusShowsDomainsWhileASlowOrderRuns(t *testing.T) {
	tl := newTestLoop(t,
		app("slow", labels.Domain{Canonical: "slow.example.com"}),
		app("fast", labels.Domain{Canonical: "fast.example.com"}))
	states := map[string]certstatus.State{}
	whileSlowOrderRuns(tl, false, func() {
		for _, d := range tl.Status().Domains {
			states[d.Domain] = d.State
		}
	})
	if states["fast.example.com"] != certstatus.Valid || states["slow.example.com"] != certstatus.Pending {
		t.Fatalf("status while the slow order ran: %v; want fast.example.com valid and slow.example.com pending", states)
	}
}

// whileSlowOrderRuns runs a check in which slow.example.com's order waits
// until during has returned; during is called once fast.example.com is
// served (or after 5 s), while the slow order still runs.
func whileSlowOrderRuns(tl *testLoop, force bool, during func()) {
	release := make(chan struct{})
	tl.issuer.slow["slow.example.com"] = release
	done := make(chan struct{})
	go func() {
		defer close(done)
		tl.Check(context.Background(), force)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !tl.runtime.served("fast.example.com") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	during()
	close(release)
	<-done
}

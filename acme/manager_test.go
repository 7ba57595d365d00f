package acme

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// brokenCA is a TLS server that answers every request with 503, counting them.
type brokenCA struct {
	*httptest.Server
	requests atomic.Int64
}

// newBrokenCA starts a brokenCA on loopback, closed at the end of the test.
func newBrokenCA(t *testing.T) *brokenCA {
	t.Helper()
	ca := new(brokenCA)
	ca.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		ca.requests.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(ca.Close)
	return ca
}

// newTestManager returns a Manager on a fresh store talking to the test
// CA server ca.
func newTestManager(t *testing.T, ca *httptest.Server, clock *fakeClock) *Manager {
	t.Helper()
	m, err := NewManager(Config{
		DirectoryURL: ca.URL + "/dir",
		Store:        &Store{Dir: t.TempDir()},
		Provider:     new(HTTPProvider),
		Now:          clock.Now,
		HTTPClient:   ca.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestManagerBackoff(t *testing.T) {
	ca := newBrokenCA(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newTestManager(t, ca.Server, clock)
	req := Request{Canonical: "app.example.com", Email: "ops@example.com"}
	ctx := context.Background()

	// attempt tries the CA once more and checks the recorded schedule.
	attempt := func(failures int, wait time.Duration) {
		t.Helper()
		before := ca.requests.Load()
		if _, err := m.Ensure(ctx, req); err == nil || errors.Is(err, ErrBackoff) {
			t.Fatalf("attempt %d: error %v, want a CA failure", failures, err)
		}
		if ca.requests.Load() == before {
			t.Fatalf("attempt %d did not contact the CA", failures)
		}
		st := m.Status()
		if len(st) != 1 || st[0].Failures != failures || !st[0].NextAttempt.Equal(clock.Now().Add(wait)) || st[0].LastError == "" {
			t.Fatalf("after attempt %d: status %+v, want next attempt in %s", failures, st, wait)
		}
	}
	// refused checks that Ensure fails with ErrBackoff without contacting the CA.
	refused := func() {
		t.Helper()
		before := ca.requests.Load()
		_, err := m.Ensure(ctx, req)
		if !errors.Is(err, ErrBackoff) || !strings.Contains(err.Error(), "next attempt after") {
			t.Fatalf("in backoff: error %v, want ErrBackoff saying when", err)
		}
		if ca.requests.Load() != before {
			t.Fatal("a domain in backoff contacted the CA")
		}
	}

	for n, wait := range []time.Duration{time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour} {
		attempt(n+1, wait)
		refused()
		clock.Advance(wait - time.Second)
		refused()
		clock.Advance(time.Second)
	}
}

func TestManagerFailureKeepsCertificate(t *testing.T) {
	ca := newBrokenCA(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newTestManager(t, ca.Server, clock)
	old := testBundle(t, []string{"app.example.com"}, clock.Now().Add(-24*time.Hour), clock.Now().Add(24*time.Hour))
	if err := m.cfg.Store.SaveCertificate("app.example.com", old); err != nil {
		t.Fatal(err)
	}
	// An alias was added: the stored certificate no longer fits.
	res, err := m.Ensure(context.Background(), Request{Canonical: "app.example.com", Aliases: []string{"www.app.example.com"}})
	if err == nil {
		t.Fatal("Ensure succeeded against a broken CA")
	}
	if res.Certificate == nil || string(res.Certificate.Bundle) != string(old) {
		t.Fatal("the result lost the current certificate")
	}
	onDisk, err := os.ReadFile(m.cfg.Store.BundlePath("app.example.com"))
	if err != nil || string(onDisk) != string(old) {
		t.Fatalf("the stored certificate changed after a failure: %v", err)
	}
}

func TestManagerNoContactWhenValid(t *testing.T) {
	ca := newBrokenCA(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newTestManager(t, ca.Server, clock)
	bundle := testBundle(t, []string{"app.example.com", "www.app.example.com"}, clock.Now(), clock.Now().Add(90*24*time.Hour))
	if err := m.cfg.Store.SaveCertificate("app.example.com", bundle); err != nil {
		t.Fatal(err)
	}
	meta := Metadata{Domain: "app.example.com", DirectoryURL: m.cfg.DirectoryURL, RenewalInfoAfter: clock.Now().Add(6 * time.Hour)}
	if err := m.cfg.Store.SaveMetadata(meta); err != nil {
		t.Fatal(err)
	}
	req := Request{Canonical: "app.example.com", Aliases: []string{"www.app.example.com"}}
	res, err := m.Ensure(context.Background(), req)
	if err != nil || res.Obtained || res.Certificate == nil || ca.requests.Load() != 0 {
		t.Fatalf("Ensure = %+v, %v with %d CA requests; want the stored certificate and no contact", res, err, ca.requests.Load())
	}

	// Renewal information is due: the CA is asked, fails, and is not
	// asked again for an hour; the certificate stays in use.
	clock.Advance(7 * time.Hour)
	if _, err := m.Ensure(context.Background(), req); err != nil {
		t.Fatalf("Ensure with unreachable renewal info: %v", err)
	}
	asked := ca.requests.Load()
	if asked == 0 {
		t.Fatal("renewal information was not requested")
	}
	clock.Advance(30 * time.Minute)
	if _, err := m.Ensure(context.Background(), req); err != nil || ca.requests.Load() != asked {
		t.Fatalf("second Ensure: %v, CA requests %d -> %d", err, asked, ca.requests.Load())
	}
}

func TestRequestNames(t *testing.T) {
	tests := []struct {
		req  Request
		want string // joined names, or "error"
	}{
		{Request{Canonical: "a.example.com"}, "a.example.com"},
		{Request{Canonical: "a.example.com", Aliases: []string{"b.example.com", "a.example.com", "b.example.com"}}, "a.example.com b.example.com"},
		{Request{Canonical: "*.example.com"}, "error"},
		{Request{Canonical: "A.example.com"}, "error"},
		{Request{Canonical: "a.example.com", Aliases: []string{"bad_name.example.com"}}, "error"},
		{Request{}, "error"},
	}
	for _, tt := range tests {
		names, err := tt.req.names()
		got := strings.Join(names, " ")
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("%+v: names %q (%v), want %q", tt.req, got, err, tt.want)
		}
	}
}

func TestNewManagerValidates(t *testing.T) {
	store, provider := &Store{Dir: t.TempDir()}, new(HTTPProvider)
	bad := []Config{
		{Provider: provider},
		{Store: store},
		{Store: store, Provider: provider, DirectoryURL: "http://insecure.example/dir"},
		{Store: store, Provider: provider, DefaultEmail: "not-an-email"},
		{Store: store, Provider: provider, CACertFile: "/nonexistent/ca.pem"},
		{Store: store, Provider: provider, CARootsPEM: []byte("no pem here")},
	}
	for i, cfg := range bad {
		if _, err := NewManager(cfg); err == nil {
			t.Errorf("config %d: NewManager accepted %+v", i, cfg)
		}
	}
	m, err := NewManager(Config{Store: store, Provider: provider})
	if err != nil {
		t.Fatal(err)
	}
	if m.cfg.DirectoryURL != LetsEncryptProduction || m.cfg.RenewBefore != DefaultRenewBefore {
		t.Errorf("defaults not applied: %+v", m.cfg)
	}
}

func TestSelfSigned(t *testing.T) {
	bundle, err := SelfSigned([]string{"app.example.com", "www.app.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseBundle(bundle)
	if err != nil {
		t.Fatal(err)
	}
	if c.Leaf.Subject.CommonName != "app.example.com" || len(c.Names()) != 2 {
		t.Errorf("subject %s, names %v", c.Leaf.Subject, c.Names())
	}
	if pub := c.Leaf.PublicKeyAlgorithm.String(); pub != "ECDSA" {
		t.Errorf("key algorithm %s, want ECDSA", pub)
	}
	if err := c.Leaf.VerifyHostname("www.app.example.com"); err != nil {
		t.Error(err)
	}
	if _, err := SelfSigned(nil); err == nil {
		t.Error("SelfSigned without names succeeded")
	}
}

// TestManagerRefusesUnsolvableChallenges checks that a request for a
// challenge the manager cannot solve fails before the CA is asked.
func TestManagerRefusesUnsolvableChallenges(t *testing.T) {
	ca := newBrokenCA(t)
	m := newTestManager(t, ca.Server, &fakeClock{t: time.Now()})
	for _, c := range []struct {
		req  Request
		want string
	}{
		{Request{Challenge: labels.ChallengeTLSALPN01}, ErrNoTLSALPNProvider.Error()},
		{Request{Challenge: labels.ChallengeDNS01}, "dns-01 needs the DNS provider"},
		{Request{Challenge: labels.ChallengeDNS01, DNSProvider: "route53"}, "DNS provider \"route53\" is not linked: want one of cloudflare"},
		{Request{Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136},
			"missing DNS provider credential DNSUPDATE_NAMESERVER (or RFC2136_NAMESERVER): add it to the file given to docker haloy init --acme-dns-env-file"},
		{Request{Challenge: labels.ChallengeHTTP01, Aliases: []string{"*.example.com"}}, "wildcard names need the dns-01 challenge"},
		{Request{Challenge: "carrier-pigeon"}, "not a challenge Haloy solves"},
	} {
		c.req.Canonical = "app.example.com"
		_, err := m.Ensure(context.Background(), c.req)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error containing %q", c.req, err, c.want)
		}
	}
	if n := ca.requests.Load(); n != 0 {
		t.Errorf("%d requests to the CA, want none", n)
	}
}

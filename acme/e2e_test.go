package acme

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire/certstatus"
)

// pebble is the Pebble the end-to-end tests use; nil unless HALOY_PEBBLE=1.
var pebble *pebbleEnv

// TestMain starts Pebble when HALOY_PEBBLE=1, and then fails the run if it
// cannot (for example when the Pebble binaries are not installed).
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests runs the tests, around a Pebble when asked to.
func runTests(m *testing.M) int {
	if os.Getenv("HALOY_PEBBLE") != "1" {
		return m.Run()
	}
	env, err := startPebble()
	if err != nil {
		fmt.Fprintln(os.Stderr, "HALOY_PEBBLE=1 but Pebble did not start:", err)
		return 1
	}
	defer env.stop()
	pebble = env
	return m.Run()
}

// needPebble skips the test unless Pebble runs.
func needPebble(t *testing.T) {
	t.Helper()
	if pebble == nil {
		t.Skip("set HALOY_PEBBLE=1 to run the end-to-end tests against Pebble")
	}
}

// countingTransport counts the requests sent to the CA.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int64
}

// RoundTrip implements http.RoundTripper.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// newPebbleManager returns a Manager for Pebble on store and a counter of
// its requests to Pebble.
func newPebbleManager(t *testing.T, store *Store, clock *fakeClock) (*Manager, *countingTransport) {
	t.Helper()
	m, err := NewManager(Config{
		DirectoryURL:    pebble.DirectoryURL,
		CACertFile:      pebble.CACertFile,
		DefaultEmail:    "ops@haloy.test",
		Store:           store,
		Provider:        pebble.Provider,
		Now:             clock.Now,
		TLSALPNProvider: pebble.TLSALPN,
	})
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingTransport{base: m.cfg.HTTPClient.Transport}
	m.cfg.HTTPClient.Transport = counter
	return m, counter
}

func TestE2EPebble(t *testing.T) {
	needPebble(t)
	ctx := context.Background()
	for _, h := range []string{"app.haloy.test", "www.app.haloy.test"} {
		if err := pebble.addA(h, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	store := &Store{Dir: filepath.Join(t.TempDir(), "certs")}
	clock := &fakeClock{t: time.Now()}
	req := Request{Canonical: "app.haloy.test", Aliases: []string{"www.app.haloy.test"}}

	m, calls := newPebbleManager(t, store, clock)
	first := ensureObtained(t, m, req, "first issuance")
	checkChain(t, first, req)
	checkFiles(t, store, req.Canonical)
	if pebble.Provider.Pending() != 0 {
		t.Errorf("%d challenge tokens left after issuance", pebble.Provider.Pending())
	}

	before := calls.n.Load()
	again, err := m.Ensure(ctx, req)
	if err != nil || again.Obtained || string(again.Certificate.Bundle) != string(first.Certificate.Bundle) {
		t.Fatalf("second Ensure: obtained=%v err=%v; want the stored certificate", again.Obtained, err)
	}
	if calls.n.Load() != before {
		t.Fatalf("second Ensure sent %d requests to the CA, want none", calls.n.Load()-before)
	}

	// A restarted sidecar (new Manager, same store) reuses everything.
	m, calls = newPebbleManager(t, store, clock)
	if res, err := m.Ensure(ctx, req); err != nil || res.Obtained || calls.n.Load() != 0 {
		t.Fatalf("Ensure after restart: obtained=%v err=%v, %d CA requests; want none", res.Obtained, err, calls.n.Load())
	}
	account := readAccountURL(t, store, m.cfg.DirectoryURL, "ops@haloy.test")

	renewed := renewObtained(t, m, req)
	checkChain(t, renewed, req)
	if renewed.Certificate.Leaf.SerialNumber.Cmp(first.Certificate.Leaf.SerialNumber) == 0 {
		t.Fatal("forced renewal returned the same certificate")
	}
	if got := readAccountURL(t, store, m.cfg.DirectoryURL, "ops@haloy.test"); got != account {
		t.Fatalf("the account changed from %s to %s; want it reused", account, got)
	}

	t.Run("ARI window", func(t *testing.T) { testARIRenewal(t, m, clock, req, renewed) })
	t.Run("failing validation", func(t *testing.T) { testFailingValidation(t, m, clock, calls) })
}

// TestE2EPebbleTLSALPN obtains a certificate for a domain and its alias
// with TLS-ALPN-01 only: the HTTP-01 server must not be asked at all.
func TestE2EPebbleTLSALPN(t *testing.T) {
	needPebble(t)
	for _, h := range []string{"alpn.haloy.test", "www.alpn.haloy.test"} {
		if err := pebble.addA(h, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := newPebbleManager(t, &Store{Dir: filepath.Join(t.TempDir(), "certs")}, &fakeClock{t: time.Now()})
	req := Request{Canonical: "alpn.haloy.test", Aliases: []string{"www.alpn.haloy.test"}, Challenge: labels.ChallengeTLSALPN01}
	hits := pebble.HTTPHits.Load()
	res := ensureObtained(t, m, req, "TLS-ALPN-01 issuance")
	checkChain(t, res, req)
	if n := pebble.HTTPHits.Load() - hits; n != 0 {
		t.Errorf("the HTTP-01 server was asked %d times during a TLS-ALPN-01 issuance", n)
	}
	if pebble.TLSALPN.Pending() != 0 {
		t.Errorf("%d TLS-ALPN-01 certificates left after issuance", pebble.TLSALPN.Pending())
	}
	if len(m.clients) != 1 {
		t.Errorf("%d lego clients for one account and challenge, want 1", len(m.clients))
	}
}

// testARIRenewal moves the CA's renewal window into the past and checks
// that Ensure renews once it may ask the CA again.
func testARIRenewal(t *testing.T, m *Manager, clock *fakeClock, req Request, current Result) {
	leaf := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: current.Certificate.Leaf.Raw})
	now := time.Now()
	if err := pebble.setRenewalInfo(leaf, now.Add(-2*time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if res, err := m.Ensure(context.Background(), req); err != nil || res.Obtained {
		t.Fatalf("Ensure before the renewal info is polled again: obtained=%v err=%v", res.Obtained, err)
	}
	clock.Advance(renewalInfoDefaultPoll + time.Minute)
	res := ensureObtained(t, m, req, "renewal by ARI window")
	checkChain(t, res, req)
}

// testFailingValidation asks for a name whose challenge nobody answers and
// checks the failure, the backoff and that the CA is left alone meanwhile.
func testFailingValidation(t *testing.T, m *Manager, clock *fakeClock, calls *countingTransport) {
	ctx := context.Background()
	if err := pebble.addA("fail.haloy.test", "127.0.0.2"); err != nil { // nothing listens there
		t.Fatal(err)
	}
	req := Request{Canonical: "fail.haloy.test"}
	_, err := m.Ensure(ctx, req)
	if err == nil || errors.Is(err, ErrBackoff) {
		t.Fatalf("Ensure of an unreachable domain: %v, want a validation error", err)
	}
	t.Logf("validation error: %v", err)
	st := statusOf(t, m, "fail.haloy.test")
	if st.Failures != 1 || st.LastError == "" || !st.NextAttempt.Equal(clock.Now().Add(BackoffFirst)) {
		t.Fatalf("status after the failure: %+v", st)
	}
	before := calls.n.Load()
	if _, err := m.Ensure(ctx, req); !errors.Is(err, ErrBackoff) || calls.n.Load() != before {
		t.Fatalf("Ensure in backoff: %v with %d CA requests; want ErrBackoff and none", err, calls.n.Load()-before)
	}
	if _, err := os.Stat(m.cfg.Store.BundlePath("fail.haloy.test")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a bundle exists for the failed domain: %v", err)
	}
}

// ensureObtained calls Ensure and requires a newly obtained certificate.
func ensureObtained(t *testing.T, m *Manager, req Request, what string) Result {
	t.Helper()
	start := time.Now()
	res, err := m.Ensure(context.Background(), req)
	if err != nil || !res.Obtained {
		t.Fatalf("%s: obtained=%v err=%v", what, res.Obtained, err)
	}
	t.Logf("%s took %s", what, time.Since(start).Round(time.Millisecond))
	return res
}

// renewObtained calls Renew and requires a newly obtained certificate.
func renewObtained(t *testing.T, m *Manager, req Request) Result {
	t.Helper()
	res, err := m.Renew(context.Background(), req)
	if err != nil || !res.Obtained {
		t.Fatalf("forced renewal: obtained=%v err=%v", res.Obtained, err)
	}
	return res
}

// checkChain verifies the certificate against Pebble's issuing root for
// every requested name.
func checkChain(t *testing.T, res Result, req Request) {
	t.Helper()
	checkChainWith(t, pebble, res, append([]string{req.Canonical}, req.Aliases...)...)
}

// checkFiles checks the files of domain and the account, their modes and
// the metadata.
func checkFiles(t *testing.T, store *Store, domain string) {
	t.Helper()
	checkMode(t, store.Dir, 0o700)
	checkMode(t, store.CertsDir(), 0o700)
	checkMode(t, store.BundlePath(domain), 0o600)
	checkMode(t, store.metaPath(domain), 0o600)
	acct, err := store.AccountDir(pebble.DirectoryURL, "ops@haloy.test")
	if err != nil {
		t.Fatal(err)
	}
	checkMode(t, acct, 0o700)
	checkMode(t, filepath.Join(acct, accountKeyFile), 0o600)
	checkMode(t, filepath.Join(acct, accountRegFile), 0o600)
	meta, err := store.LoadMetadata(domain)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := store.LoadCertificate(domain)
	if err != nil {
		t.Fatal(err)
	}
	if !sameNames(meta.Names, cert.Names()) || !meta.NotAfter.Equal(cert.NotAfter()) || meta.Issuer == "" || meta.LastError != "" {
		t.Errorf("metadata does not describe the certificate: %+v", meta)
	}
	if meta.RenewalWindow == nil || meta.RenewAt.Before(meta.RenewalWindow.Start) || meta.RenewAt.After(cert.NotAfter()) {
		t.Errorf("no usable renewal window from ARI: window %+v, renew at %s", meta.RenewalWindow, meta.RenewAt)
	}
}

// readAccountURL returns the account URL saved for email.
func readAccountURL(t *testing.T, store *Store, directoryURL, email string) string {
	t.Helper()
	dir, err := store.AccountDir(directoryURL, email)
	if err != nil {
		t.Fatal(err)
	}
	return readAccountURLIn(t, dir)
}

// readAccountURLIn returns the account URL saved in the account folder dir.
func readAccountURLIn(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, accountRegFile))
	if err != nil {
		t.Fatal(err)
	}
	var a account
	if err := json.Unmarshal(data, &a); err != nil || a.Registration == nil || a.Registration.Location == "" {
		t.Fatalf("account registration %s: %v", data, err)
	}
	return a.Registration.Location
}

// statusOf returns the status of domain.
func statusOf(t *testing.T, m *Manager, domain string) certstatus.Domain {
	t.Helper()
	for _, s := range m.Status() {
		if s.Domain == domain {
			return s
		}
	}
	t.Fatalf("no status for %s", domain)
	return certstatus.Domain{}
}

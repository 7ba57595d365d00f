package acme

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/miekg/dns"
)

// TestE2EPebbleDNS01 obtains one certificate for a wildcard name and its
// apex with DNS-01 alone: lego's RFC 2136 provider writes the TXT records
// into a real BIND 9 with a TSIG key, and a Pebble that resolves through
// that BIND validates them. Then a wrong TSIG secret fails with BIND's
// refusal, backs off, and the secret shows in no error, status or log.
func TestE2EPebbleDNS01(t *testing.T) {
	needPebble(t)
	bind := startBind9(t)
	ca := startPebbleResolvingWith(t, bind.Addr)
	creds := DNSCredentials{
		"DNSUPDATE_NAMESERVER": bind.Addr, "DNSUPDATE_TSIG_KEY": bind.KeyName, "DNSUPDATE_TSIG_SECRET": bind.Secret,
		"DNSUPDATE_SEQUENCE_INTERVAL": "1", "DNSUPDATE_POLLING_INTERVAL": "1", "DNSUPDATE_PROPAGATION_TIMEOUT": "30",
		DNSResolversVariable: bind.Addr,
	}
	req := Request{Canonical: "*." + bind9Zone, Aliases: []string{bind9Zone}, Challenge: labels.ChallengeDNS01, DNSProvider: labels.DNSProviderRFC2136}

	m, _ := newDNS01Manager(t, ca, creds, nil)
	res := ensureObtained(t, m, req, "DNS-01 wildcard issuance")
	checkChainWith(t, ca, res, "a."+bind9Zone, "b."+bind9Zone, bind9Zone)
	if !sameNames(res.Certificate.Names(), []string{"*." + bind9Zone, bind9Zone}) {
		t.Errorf("certificate names %v", res.Certificate.Names())
	}
	if got := filepath.Base(res.BundlePath); got != "_wildcard."+bind9Zone+".pem" {
		t.Errorf("bundle file %s", got)
	}
	if n := txtRecords(t, bind.Addr, "_acme-challenge."+bind9Zone); n != 0 {
		t.Errorf("%d TXT records left after issuance, want them cleaned up", n)
	}
	if _, ok := m.DNSPropagation(req.Names()); ok {
		t.Error("a propagation wait is still shown after the issuance")
	}

	t.Run("wrong TSIG secret", func(t *testing.T) {
		bad := DNSCredentials{}
		for k, v := range creds {
			bad[k] = v
		}
		bad["DNSUPDATE_TSIG_SECRET"] = "d3JvbmctYnV0LXdlbGwtZm9ybWVkLXNlY3JldC0xMjM0NTY3OA=="
		var logs bytes.Buffer
		clock := &fakeClock{t: time.Now()}
		m, calls := newDNS01Manager(t, ca, bad, &logs)
		m.cfg.Now = clock.Now
		_, err := m.Ensure(context.Background(), req)
		if err == nil || errors.Is(err, ErrBackoff) || !strings.Contains(err.Error(), "dns: bad authentication") {
			t.Fatalf("Ensure with a wrong TSIG secret: %v, want BIND's refusal", err)
		}
		t.Logf("error: %v", err)
		st := statusOf(t, m, req.Canonical)
		if st.Failures != 1 || !st.NextAttempt.Equal(clock.Now().Add(BackoffFirst)) {
			t.Errorf("status after the failure: %+v", st)
		}
		before := calls.n.Load()
		if _, err := m.Ensure(context.Background(), req); !errors.Is(err, ErrBackoff) || calls.n.Load() != before {
			t.Errorf("Ensure in backoff: %v with %d CA requests; want ErrBackoff and none", err, calls.n.Load()-before)
		}
		for what, text := range map[string]string{"error": err.Error(), "status": st.LastError, "log": logs.String()} {
			for _, secret := range []string{bad["DNSUPDATE_TSIG_SECRET"], bind.Secret} {
				if strings.Contains(text, secret) {
					t.Errorf("the %s shows a TSIG secret", what)
				}
			}
		}
	})
}

// Names returns the request's names, canonical first (for tests).
func (r Request) Names() []string { return append([]string{r.Canonical}, r.Aliases...) }

// newDNS01Manager returns a Manager on a new store for ca with creds,
// logging to logs when given, and a counter of its requests to the CA.
func newDNS01Manager(t *testing.T, ca *pebbleEnv, creds DNSCredentials, logs *bytes.Buffer) (*Manager, *countingTransport) {
	t.Helper()
	cfg := Config{
		DirectoryURL: ca.DirectoryURL, CACertFile: ca.CACertFile, DefaultEmail: "ops@haloy.test",
		Store: &Store{Dir: filepath.Join(t.TempDir(), "certs")}, Provider: ca.Provider, DNSCredentials: creds,
	}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	m, err := NewManager(cfg)
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingTransport{base: m.cfg.HTTPClient.Transport}
	m.cfg.HTTPClient.Transport = counter
	return m, counter
}

// checkChainWith verifies the certificate against ca's issuing root for each host name.
func checkChainWith(t *testing.T, ca *pebbleEnv, res Result, hosts ...string) {
	t.Helper()
	roots, err := ca.issuingRoots()
	if err != nil {
		t.Fatal(err)
	}
	inter := x509.NewCertPool()
	for _, der := range res.Certificate.Chain[1:] {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		inter.AddCert(c)
	}
	for _, h := range hosts {
		if _, err := res.Certificate.Leaf.Verify(x509.VerifyOptions{DNSName: h, Roots: roots, Intermediates: inter}); err != nil {
			t.Fatalf("verifying the chain for %s: %v", h, err)
		}
	}
}

// txtRecords counts the TXT records of name at the server addr.
func txtRecords(t *testing.T, addr, name string) int {
	t.Helper()
	msg := new(dns.Msg).SetQuestion(dns.Fqdn(name), dns.TypeTXT)
	r, _, err := (&dns.Client{Timeout: 5 * time.Second}).Exchange(msg, addr)
	if err != nil {
		t.Fatalf("asking %s for TXT %s: %v", addr, name, err)
	}
	return len(r.Answer)
}

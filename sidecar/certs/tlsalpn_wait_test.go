package certs

import (
	"context"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire/certstatus"
)

// TestTLSALPNOrderWaitsForTheLayout: a TLS-ALPN-01 domain is not ordered
// while HAProxy does not pass acme-tls/1 to the sidecar yet (the CA's
// validation would fail and back off for minutes); its status says why,
// and the next check after the layout is applied orders it. An HTTP-01
// domain does not wait.
func TestTLSALPNOrderWaitsForTheLayout(t *testing.T) {
	alpn := container("alpn-1", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
		labels.Route{AppName: "alpn", ACMEChallenge: labels.ChallengeTLSALPN01, Domains: []labels.Domain{{Canonical: "alpn.example.com"}}})
	tl := newTestLoop(t, alpn, app("plain", labels.Domain{Canonical: "plain.example.com"}))
	tl.obs.holdTLSALPN = true
	tl.obs.again()

	tl.Check(context.Background(), false)
	if got := requestedDomains(tl.issuer); len(got) != 1 || got[0] != "plain.example.com" {
		t.Errorf("ordered %v before the TLS-ALPN layout, want plain.example.com only", got)
	}
	d := statusOf(t, tl, "alpn.example.com")
	if d.State != certstatus.Pending || d.Hint != tlsALPNWait || d.Failures != 0 {
		t.Errorf("alpn.example.com before the layout: %+v, want pending with the wait hint and no failure", d)
	}
	tl.obs.holdTLSALPN = false
	tl.obs.again() // the pass whose model HAProxy took
	tl.Check(context.Background(), false)
	if d := statusOf(t, tl, "alpn.example.com"); d.State != certstatus.Valid {
		t.Errorf("alpn.example.com after the layout: %+v, want valid", d)
	}
}

func statusOf(t *testing.T, tl *testLoop, domain string) certstatus.Domain {
	t.Helper()
	for _, d := range tl.Status().Domains {
		if d.Domain == domain {
			return d
		}
	}
	t.Fatalf("no status for %s", domain)
	return certstatus.Domain{}
}

func requestedDomains(f *fakeIssuer) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.Canonical)
	}
	return out
}

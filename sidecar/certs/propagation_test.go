package certs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
)

// waitingIssuer is a fakeIssuer with a DNS-01 wait in progress.
type waitingIssuer struct {
	*fakeIssuer
	wait acme.DNSWait
}

// DNSPropagation reports the wait for its name.
func (w waitingIssuer) DNSPropagation(names []string) (acme.DNSWait, bool) {
	for _, n := range names {
		if n == w.wait.Name {
			return w.wait, true
		}
	}
	return acme.DNSWait{}, false
}

func TestStatusShowsTheDNSPropagationWait(t *testing.T) {
	wild := container("wild-1", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), labels.Route{AppName: "wild",
		ACMEChallenge: labels.ChallengeDNS01, ACMEDNSProvider: labels.DNSProviderRFC2136,
		Domains: []labels.Domain{{Canonical: "*.wild.example.com", Aliases: []string{"wild.example.com"}}}})
	tl := newTestLoop(t, wild, app("shop", labels.Domain{Canonical: "shop.example.com"}))
	tl.issuer.fail["*.wild.example.com"] = "dns01: time limit exceeded"
	tl.Check(context.Background(), false)
	tl.Loop.cfg.Issuer = waitingIssuer{tl.issuer, acme.DNSWait{Name: "wild.example.com", Since: tl.now.Add(-12 * time.Second), Timeout: time.Minute}}
	for _, d := range tl.Status().Domains {
		switch d.Domain {
		case "*.wild.example.com":
			if !strings.Contains(d.Hint, "waiting for the DNS-01 TXT record of wild.example.com to be visible: 12s so far, at most 1m0s") {
				t.Errorf("hint of %s: %q", d.Domain, d.Hint)
			}
		case "shop.example.com":
			if strings.Contains(d.Hint, "waiting") {
				t.Errorf("the HTTP-01 domain shows a DNS wait: %q", d.Hint)
			}
		}
	}
}

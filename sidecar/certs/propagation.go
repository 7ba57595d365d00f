package certs

import (
	"fmt"
	"strings"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire/certstatus"
)

// dnsWaiter is an Issuer that tells which DNS-01 challenges wait for
// their TXT record to be visible (acme.Manager does).
type dnsWaiter interface {
	DNSPropagation(names []string) (acme.DNSWait, bool)
}

// showPropagation sets, on each DNS-01 domain whose TXT record is being
// waited for right now, a hint saying so, since when and for how long at
// most: the status shows the wait while the check runs.
func (l *Loop) showPropagation(domains []certstatus.Domain) {
	w, ok := l.cfg.Issuer.(dnsWaiter)
	if !ok {
		return
	}
	for i, d := range domains {
		if d.Challenge != labels.ChallengeDNS01 {
			continue
		}
		if wait, found := w.DNSPropagation(waitNames(d.Domain)); found {
			domains[i].Hint = propagationHint(wait, l.cfg.Now())
		}
	}
}

// waitNames are the names a domain's certificate is validated for that
// a wait may be under: the domain, and its wildcard or apex partner.
func waitNames(domain string) []string {
	if apex, ok := strings.CutPrefix(domain, "*."); ok {
		return []string{domain, apex}
	}
	return []string{domain, "*." + domain}
}

// propagationHint describes a running wait.
func propagationHint(w acme.DNSWait, now time.Time) string {
	return fmt.Sprintf("waiting for the DNS-01 TXT record of %s to be visible: %s so far, at most %s, then the attempt fails and backs off",
		w.Name, now.Sub(w.Since).Round(time.Second), w.Timeout)
}

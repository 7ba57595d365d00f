package acme

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/challenge/dns01"
	"github.com/go-acme/lego/v5/lego"
	"github.com/haloydev/haloy/labels"
)

// dnsQueryTimeout bounds one DNS query of the propagation check.
const dnsQueryTimeout = 5 * time.Second

// DNSWait is a DNS-01 challenge waiting for its TXT record to be visible.
type DNSWait struct {
	// Name is the name being validated (e.g. "*.example.com").
	Name string
	// Since is when the wait began.
	Since time.Time
	// Timeout is the longest the wait may take (the provider's
	// propagation timeout, at most MaxDNSPropagationTimeout).
	Timeout time.Duration
}

// dnsState is the Manager's DNS-01 state: providers built once from the
// credentials, and the propagation waits in progress.
type dnsState struct {
	mu        sync.Mutex
	resolvers string // the servers lego's DNS client was last given
	providers map[string]challenge.Provider
	waits     map[string]DNSWait
	file      dnsFileState
}

// solver names the lego solver a request needs: its challenge, and for
// DNS-01 the provider, so each provider gets clients of its own.
func (r Request) solver() string {
	if r.Challenge == labels.ChallengeDNS01 {
		return r.Challenge + "/" + r.DNSProvider
	}
	return r.Challenge
}

// dnsProvider returns the provider called name, built from the current
// credentials (reread when their file changed) on first use. A missing
// credential fails here, before the CA is contacted, so it costs no
// backoff.
func (m *Manager) dnsProvider(name string) (challenge.Provider, error) {
	changed, err := m.refreshDNSCredentials()
	if changed {
		m.forgetDNSClients()
	}
	if err != nil {
		return nil, err
	}
	return m.cachedDNSProvider(name)
}

// cachedDNSProvider returns the provider called name, building it from
// the credentials when it is not cached.
func (m *Manager) cachedDNSProvider(name string) (challenge.Provider, error) {
	m.dns.mu.Lock()
	defer m.dns.mu.Unlock()
	if p, ok := m.dns.providers[name]; ok {
		return p, nil
	}
	p, err := newDNSProvider(name, m.cfg.DNSCredentials)
	if err != nil {
		return nil, err
	}
	if m.dns.providers == nil {
		m.dns.providers = map[string]challenge.Provider{}
	}
	m.dns.providers[name] = p
	return p, nil
}

// setDNS01 makes c solve DNS-01 with the provider called name. With
// DNSResolversVariable set, every DNS query of lego (zone, CNAME and
// propagation lookups) goes to those servers only, and the record counts
// as visible once they return it.
func (m *Manager) setDNS01(c *lego.Client, name string) error {
	p, err := m.cachedDNSProvider(name)
	if err != nil {
		return err
	}
	resolvers := m.useResolvers()
	opts := []dns01.ChallengeOption{dns01.WrapPreCheck(m.trackPropagation(p))}
	if len(resolvers) > 0 {
		opts = append(opts, dns01.DisableAuthoritativeNssPropagationRequirement())
	}
	return c.Challenge.SetDNS01Provider(p, opts...)
}

// useResolvers makes lego's DNS client ask the servers of
// DNSResolversVariable, when the credentials name some (lego keeps one
// client for the whole process), and returns them.
func (m *Manager) useResolvers() []string {
	m.dns.mu.Lock()
	defer m.dns.mu.Unlock()
	resolvers := m.cfg.DNSCredentials.Resolvers()
	key := strings.Join(resolvers, ",")
	if len(resolvers) > 0 && key != m.dns.resolvers {
		dns01.SetDefaultClient(dns01.NewClient(&dns01.Options{RecursiveNameservers: resolvers, Timeout: dnsQueryTimeout}))
		m.dns.resolvers = key
	}
	return resolvers
}

// trackPropagation wraps lego's propagation check so that the wait shows
// in DNSPropagation while it runs.
func (m *Manager) trackPropagation(p challenge.Provider) dns01.WrapPreCheckFunc {
	timeout := dns01.DefaultPropagationTimeout
	if t, ok := p.(challenge.ProviderTimeout); ok {
		timeout, _ = t.Timeout()
	}
	return func(ctx context.Context, domain, fqdn, value string, check dns01.PreCheckFunc) (bool, error) {
		m.dns.mu.Lock()
		if m.dns.waits == nil {
			m.dns.waits = map[string]DNSWait{}
		}
		if _, ok := m.dns.waits[domain]; !ok {
			m.dns.waits[domain] = DNSWait{Name: domain, Since: m.cfg.Now(), Timeout: timeout}
			m.cfg.Logger.Info("waiting for the DNS-01 TXT record to be visible", "name", domain, "record", fqdn, "timeout", timeout)
		}
		m.dns.mu.Unlock()
		done, err := check(ctx, fqdn, value)
		if done {
			m.endWait(domain)
		}
		return done, err
	}
}

// endWait forgets the wait of name.
func (m *Manager) endWait(name string) {
	m.dns.mu.Lock()
	defer m.dns.mu.Unlock()
	delete(m.dns.waits, name)
}

// endWaits forgets the waits of names (after an attempt ended, whatever
// its outcome).
func (m *Manager) endWaits(names []string) {
	for _, n := range names {
		m.endWait(n)
	}
}

// DNSPropagation returns the oldest propagation wait in progress for any
// of names, if there is one.
func (m *Manager) DNSPropagation(names []string) (DNSWait, bool) {
	m.dns.mu.Lock()
	defer m.dns.mu.Unlock()
	var out DNSWait
	found := false
	for _, n := range names {
		if w, ok := m.dns.waits[n]; ok && (!found || w.Since.Before(out.Since)) {
			out, found = w, true
		}
	}
	return out, found
}

package api

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// clientIP is the address failed attempts are counted against: the peer,
// or, when the peer is a trusted proxy (HAProxy), the address HAProxy
// appended to X-Forwarded-For. Earlier X-Forwarded-For values came from the
// client and are ignored.
func (s *Server) clientIP(r *http.Request) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	if s.trusted == nil || !s.trusted(peer) {
		return peer
	}
	values := r.Header.Values("X-Forwarded-For")
	if len(values) == 0 {
		return peer
	}
	last := values[len(values)-1]
	last = strings.TrimSpace(last[strings.LastIndex(last, ",")+1:])
	if net.ParseIP(last) == nil {
		return peer
	}
	return last
}

// proxyHosts trusts the addresses a set of host names resolve to (the
// HAProxy container's name on the haloy network), looked up at most once
// per ttl.
type proxyHosts struct {
	names  []string
	ttl    time.Duration
	lookup func(ctx context.Context, host string) ([]string, error)

	mu      sync.Mutex
	addrs   map[string]bool
	fetched time.Time
}

// TrustHosts returns a trust check for the addresses names resolve to.
func TrustHosts(names ...string) func(ip string) bool {
	p := &proxyHosts{names: names, ttl: 10 * time.Second, lookup: net.DefaultResolver.LookupHost}
	return p.trusted
}

func (p *proxyHosts) trusted(ip string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.fetched) > p.ttl || !p.addrs[ip] && time.Since(p.fetched) > time.Second {
		p.refresh()
	}
	return p.addrs[ip]
}

func (p *proxyHosts) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	addrs := map[string]bool{}
	for _, n := range p.names {
		found, _ := p.lookup(ctx, n)
		for _, a := range found {
			addrs[a] = true
		}
	}
	p.addrs, p.fetched = addrs, time.Now()
}

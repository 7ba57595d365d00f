package acme

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/challenge/http01"
)

// ChallengePathPrefix is the URL path under which HTTP-01 tokens are served.
const ChallengePathPrefix = http01.PathPrefix

var (
	_ challenge.Provider = (*HTTPProvider)(nil)
	_ http.Handler       = (*HTTPProvider)(nil)
)

// HTTPProvider answers ACME HTTP-01 challenges from memory. Lego calls
// Present and CleanUp; the sidecar serves it as the http.Handler for
// ChallengePathPrefix. It is safe for concurrent use; the zero value is
// ready to use.
type HTTPProvider struct {
	mu     sync.RWMutex
	tokens map[string]pending
}

// pending is one presented challenge.
type pending struct {
	domain  string
	keyAuth string
}

// Present makes keyAuth the answer for token on domain.
func (p *HTTPProvider) Present(_ context.Context, domain, token, keyAuth string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tokens == nil {
		p.tokens = make(map[string]pending)
	}
	p.tokens[token] = pending{domain: strings.ToLower(domain), keyAuth: keyAuth}
	return nil
}

// CleanUp forgets token.
func (p *HTTPProvider) CleanUp(_ context.Context, _, token, _ string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.tokens, token)
	return nil
}

// Pending returns the number of tokens currently presented.
func (p *HTTPProvider) Pending() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.tokens)
}

// ServeHTTP answers GET (and HEAD) /.well-known/acme-challenge/<token>
// with the key authorization when the token is pending for the request's
// Host, and 404 otherwise.
func (p *HTTPProvider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	token, ok := strings.CutPrefix(r.URL.Path, ChallengePathPrefix)
	if !ok || token == "" || strings.Contains(token, "/") {
		http.NotFound(w, r)
		return
	}
	keyAuth, ok := p.lookup(token, requestHost(r))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(keyAuth))
}

// lookup returns the key authorization of token if it was presented for host.
func (p *HTTPProvider) lookup(token, host string) (string, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	c, ok := p.tokens[token]
	if !ok || c.domain != host {
		return "", false
	}
	return c.keyAuth, true
}

// requestHost is the request's Host without port, lower-cased.
func requestHost(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

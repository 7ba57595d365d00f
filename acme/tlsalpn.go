package acme

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/challenge/tlsalpn01"
)

// ACMETLSProtocol is the ALPN protocol of TLS-ALPN-01 validation (RFC 8737).
const ACMETLSProtocol = tlsalpn01.ACMETLS1Protocol

// tlsALPNHandshakeTimeout bounds one validation handshake.
const tlsALPNHandshakeTimeout = 10 * time.Second

var _ challenge.Provider = (*TLSALPNProvider)(nil)

// TLSALPNProvider answers ACME TLS-ALPN-01 challenges from memory. Lego
// calls Present and CleanUp; the sidecar serves it with Serve on a TCP
// listener that HAProxy forwards :443 connections offering ALPN
// acme-tls/1 to. It only ever completes a handshake for acme-tls/1 with
// the challenge certificate of the requested server name (SNI). It is
// safe for concurrent use; the zero value is ready to use.
type TLSALPNProvider struct {
	mu    sync.RWMutex
	certs map[string]alpnCert // by lower-case domain
}

// alpnCert is one presented challenge certificate.
type alpnCert struct {
	keyAuth string
	cert    *tls.Certificate
}

// Present makes a challenge certificate for keyAuth the answer for domain.
func (p *TLSALPNProvider) Present(_ context.Context, domain, _, keyAuth string) error {
	domain = strings.ToLower(domain)
	cert, err := tlsalpn01.ChallengeCert(domain, keyAuth)
	if err != nil {
		return fmt.Errorf("making the TLS-ALPN-01 certificate for %s: %w", domain, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.certs == nil {
		p.certs = make(map[string]alpnCert)
	}
	p.certs[domain] = alpnCert{keyAuth: keyAuth, cert: cert}
	return nil
}

// CleanUp forgets domain's challenge certificate, unless a newer challenge
// for the domain replaced it meanwhile.
func (p *TLSALPNProvider) CleanUp(_ context.Context, domain, _, keyAuth string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := strings.ToLower(domain)
	if c, ok := p.certs[key]; ok && c.keyAuth == keyAuth {
		delete(p.certs, key)
	}
	return nil
}

// Pending returns the number of challenge certificates currently presented.
func (p *TLSALPNProvider) Pending() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.certs)
}

// TLSConfig is the server configuration that answers TLS-ALPN-01
// validation: ALPN acme-tls/1 only, the certificate chosen by SNI.
func (p *TLSALPNProvider) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS12,
		NextProtos:     []string{ACMETLSProtocol},
		GetCertificate: p.getCertificate,
	}
}

// getCertificate refuses every handshake but an acme-tls/1 one for a
// server name with a presented challenge.
func (p *TLSALPNProvider) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	if !slices.Contains(hello.SupportedProtos, ACMETLSProtocol) {
		return nil, errors.New("only ALPN " + ACMETLSProtocol + " is served here")
	}
	name := strings.ToLower(strings.TrimSuffix(hello.ServerName, "."))
	p.mu.RLock()
	defer p.mu.RUnlock()
	c, ok := p.certs[name]
	if !ok {
		return nil, fmt.Errorf("no TLS-ALPN-01 challenge pending for %q", hello.ServerName)
	}
	return c.cert, nil
}

// Serve accepts connections on ln and completes one validation handshake
// on each, until ctx ends; then it closes ln and returns nil.
func (p *TLSALPNProvider) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	cfg := p.TLSConfig()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("accepting TLS-ALPN-01 connections: %w", err)
		}
		go p.handshake(ctx, tls.Server(conn, cfg), log)
	}
}

// handshake lets the validator read the challenge certificate, then closes
// the connection: nothing is ever served over it.
func (p *TLSALPNProvider) handshake(ctx context.Context, conn *tls.Conn, log *slog.Logger) {
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, tlsALPNHandshakeTimeout)
	defer cancel()
	if err := conn.HandshakeContext(ctx); err != nil {
		log.Debug("TLS-ALPN-01 handshake failed", "remote", conn.RemoteAddr(), "err", err)
		return
	}
	log.Info("TLS-ALPN-01 challenge answered", "domain", conn.ConnectionState().ServerName, "remote", conn.RemoteAddr())
}

package haproxy

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// TestTLSALPNLayoutLive switches a running HAProxy to the TLS-ALPN-01
// layout with a reload and checks, through the TCP frontend on the HTTPS
// port: acme-tls/1 handshakes reach the TLS-ALPN responder untouched;
// other handshakes reach the HTTPS frontend, which negotiates HTTP/2,
// serves a certificate installed through the runtime API (no reload) and
// forwards the client's address it learnt from the PROXY protocol.
func TestTLSALPNLayoutLive(t *testing.T) {
	web := newBackend(t, "web", nil)
	m := Model{Apps: []App{{
		Name:            "web",
		Domains:         []labels.Domain{{Canonical: "a.example.com"}},
		HealthCheckPath: "/",
		Servers:         []Server{web.server()},
	}}}
	h := startTLSHAProxy(t, m)
	ctx := context.Background()
	h.settings.TLSALPNServer = startALPNResponder(t)
	m.Apps[0].TLSALPN = true
	h.write(m)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading into the TLS-ALPN-01 layout: %v\n%s", err, h.log)
	}
	eventually(t, 5*time.Second, "the TCP frontend", func() error {
		_, err := alpnHandshake(h, "a.example.com", "h2")
		return err
	})
	reloads, _ := h.master.Reloads(ctx)

	st, err := alpnHandshake(h, "a.example.com", ACMETLSALPN)
	if err != nil {
		t.Fatalf("acme-tls/1 handshake: %v\n%s", err, h.log)
	}
	if cn := st.PeerCertificates[0].Subject.CommonName; cn != "alpn-responder" || st.NegotiatedProtocol != ACMETLSALPN {
		t.Errorf("acme-tls/1 handshake answered by %q with %q, want the responder with acme-tls/1", cn, st.NegotiatedProtocol)
	}

	installCert(t, h, filepath.Join(h.dir, "a.example.com.pem"), selfSignedPEM(t, "a.example.com"))
	if leaf, proto := h.handshake("a.example.com"); leaf.Subject.CommonName != "a.example.com" || proto != "h2" {
		t.Errorf("HTTPS handshake: %q over %q, want the installed certificate over h2", leaf.Subject.CommonName, proto)
	}
	waitHealthy(t, h.liveHAProxy, "web")
	resp, err := h.httpsClient().Get("https://a.example.com/who")
	if err != nil {
		t.Fatalf("GET over HTTPS: %v\n%s", err, h.log)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 {
		t.Errorf("GET over HTTPS: %d %s, want 200 over HTTP/2", resp.StatusCode, resp.Proto)
	}
	if reqs := web.requests("/who"); len(reqs) != 1 || reqs[0].Header.Get("X-Forwarded-For") != "127.0.0.1" {
		t.Errorf("backend saw %d requests, X-Forwarded-For %q; want the client's 127.0.0.1 (PROXY protocol)", len(reqs), forwardedFor(reqs))
	}
	if after, _ := h.master.Reloads(ctx); after != reloads {
		t.Errorf("HAProxy reloaded %d times for a runtime certificate install", after-reloads)
	}

	m.Apps[0].TLSALPN = false
	h.write(m)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading back to the plain layout: %v\n%s", err, h.log)
	}
	eventually(t, 5*time.Second, "HTTPS on the port again", func() error {
		if st, err := alpnHandshake(h, "a.example.com", ACMETLSALPN); err == nil && st.NegotiatedProtocol == ACMETLSALPN {
			return fmt.Errorf("acme-tls/1 is still passed on")
		}
		_, err := alpnHandshake(h, "a.example.com", "h2")
		return err
	})
}

// TestTLSALPNLayoutSwitchBackKeepsPendingConnections: a connection the
// TCP frontend accepted before a reload back to the plain layout, whose
// ClientHello arrives only afterwards, is still passed to an HTTPS
// frontend. The old worker forwards it to the internal socket after it
// stopped listening there; the new worker must be listening on it.
func TestTLSALPNLayoutSwitchBackKeepsPendingConnections(t *testing.T) {
	m := Model{Apps: []App{{Name: "web", Domains: []labels.Domain{{Canonical: "a.example.com"}}, HealthCheckPath: "/", TLSALPN: true}}}
	h := startTLSHAProxy(t, Model{})
	ctx := context.Background()
	h.settings.TLSALPNServer = startALPNResponder(t)
	h.write(m)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading into the TLS-ALPN-01 layout: %v\n%s", err, h.log)
	}
	eventually(t, 5*time.Second, "the TCP frontend", func() error {
		st, err := alpnHandshake(h, "a.example.com", ACMETLSALPN)
		if err == nil && st.NegotiatedProtocol != ACMETLSALPN {
			return fmt.Errorf("acme-tls/1 not passed on yet")
		}
		return err
	})

	pending, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", h.settings.TLS.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer pending.Close()
	time.Sleep(100 * time.Millisecond) // accepted, waiting for its ClientHello
	m.Apps[0].TLSALPN = false
	h.write(m)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading back to the plain layout: %v\n%s", err, h.log)
	}
	eventually(t, 5*time.Second, "HTTPS on the port again", func() error {
		if st, err := alpnHandshake(h, "a.example.com", ACMETLSALPN); err == nil && st.NegotiatedProtocol == ACMETLSALPN {
			return fmt.Errorf("acme-tls/1 is still passed on")
		}
		return nil
	})

	pending.SetDeadline(time.Now().Add(5 * time.Second))
	conn := tls.Client(pending, &tls.Config{ServerName: "a.example.com", InsecureSkipVerify: true, NextProtos: []string{"h2"}})
	if err := conn.Handshake(); err != nil {
		t.Fatalf("handshake on a connection accepted before the reload: %v\n%s", err, h.log)
	}
}

// startALPNResponder serves TLS handshakes for ALPN acme-tls/1 only, with a
// certificate named alpn-responder, and returns its address.
func startALPNResponder(t *testing.T) string {
	t.Helper()
	cert, err := tls.X509KeyPair(splitPEM(t, selfSignedPEM(t, "alpn-responder")))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{ACMETLSALPN}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.(*tls.Conn).Handshake()
			}()
		}
	}()
	return ln.Addr().String()
}

// alpnHandshake connects to the HTTPS port offering protos.
func alpnHandshake(h *liveTLS, serverName string, protos ...string) (*tls.ConnectionState, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", h.settings.TLS.Port)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr,
		&tls.Config{ServerName: serverName, InsecureSkipVerify: true, NextProtos: protos})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	st := conn.ConnectionState()
	return &st, nil
}

// splitPEM splits a bundle from selfSignedPEM into certificate and key.
func splitPEM(t *testing.T, bundle []byte) (certPEM, keyPEM []byte) {
	t.Helper()
	i := bytes.Index(bundle, []byte("-----BEGIN PRIVATE KEY-----"))
	if i < 0 {
		t.Fatal("bundle without a private key")
	}
	return bundle[:i], bundle[i:]
}

func forwardedFor(reqs []*http.Request) string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Header.Get("X-Forwarded-For"))
	}
	return strings.Join(out, ",")
}

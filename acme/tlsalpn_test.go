package acme

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"
)

// idPeAcmeIdentifier is the certificate extension of RFC 8737 that carries
// the SHA-256 of the key authorization.
var idPeAcmeIdentifier = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 31}

// serveTLSALPN serves p on a loopback port until the test ends and returns the address.
func serveTLSALPN(t *testing.T, p *TLSALPNProvider) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// alpnDial handshakes with addr offering protos for server name sni.
func alpnDial(addr, sni string, protos ...string) (*tls.ConnectionState, error) {
	d := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", addr, &tls.Config{ServerName: sni, NextProtos: protos, InsecureSkipVerify: true})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	st := conn.ConnectionState()
	return &st, nil
}

func TestTLSALPNProviderAnswersOnlyACMETLS(t *testing.T) {
	p := new(TLSALPNProvider)
	addr := serveTLSALPN(t, p)
	ctx := context.Background()
	if err := p.Present(ctx, "App.Example.com", "tok", "tok.thumb"); err != nil {
		t.Fatal(err)
	}
	st, err := alpnDial(addr, "app.example.com", ACMETLSProtocol)
	if err != nil {
		t.Fatalf("acme-tls/1 handshake: %v", err)
	}
	leaf := st.PeerCertificates[0]
	if st.NegotiatedProtocol != ACMETLSProtocol || len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != "app.example.com" {
		t.Errorf("negotiated %q with a certificate for %v, want acme-tls/1 and app.example.com", st.NegotiatedProtocol, leaf.DNSNames)
	}
	sum := sha256.Sum256([]byte("tok.thumb"))
	if !hasACMEIdentifier(t, leaf.Extensions, sum[:]) {
		t.Error("the certificate has no acmeIdentifier extension with the key authorization's SHA-256")
	}
	for name, c := range map[string]struct {
		sni    string
		protos []string
	}{
		"no ALPN":        {"app.example.com", nil},
		"h2 only":        {"app.example.com", []string{"h2", "http/1.1"}},
		"unknown name":   {"other.example.com", []string{ACMETLSProtocol}},
		"no server name": {"", []string{ACMETLSProtocol}},
	} {
		if _, err := alpnDial(addr, c.sni, c.protos...); err == nil {
			t.Errorf("%s: handshake succeeded, want it refused", name)
		}
	}
}

func TestTLSALPNProviderCleanUp(t *testing.T) {
	p := new(TLSALPNProvider)
	addr := serveTLSALPN(t, p)
	ctx := context.Background()
	p.Present(ctx, "app.example.com", "old", "old.thumb")
	p.Present(ctx, "app.example.com", "new", "new.thumb")
	p.CleanUp(ctx, "app.example.com", "old", "old.thumb")
	if p.Pending() != 1 {
		t.Fatalf("cleaning up a replaced challenge removed the new one (%d pending)", p.Pending())
	}
	if _, err := alpnDial(addr, "app.example.com", ACMETLSProtocol); err != nil {
		t.Fatalf("handshake after cleaning up the replaced challenge: %v", err)
	}
	p.CleanUp(ctx, "app.example.com", "new", "new.thumb")
	if p.Pending() != 0 {
		t.Fatalf("%d challenges pending after CleanUp", p.Pending())
	}
	if _, err := alpnDial(addr, "app.example.com", ACMETLSProtocol); err == nil {
		t.Fatal("handshake succeeded after CleanUp")
	}
}

// hasACMEIdentifier reports whether exts hold the critical acmeIdentifier
// extension with the given digest.
func hasACMEIdentifier(t *testing.T, exts []pkix.Extension, digest []byte) bool {
	t.Helper()
	for _, e := range exts {
		if !e.Id.Equal(idPeAcmeIdentifier) {
			continue
		}
		var value []byte
		if _, err := asn1.Unmarshal(e.Value, &value); err != nil {
			t.Fatalf("acmeIdentifier: %v", err)
		}
		return e.Critical && bytes.Equal(value, digest)
	}
	return false
}

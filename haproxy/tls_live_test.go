package haproxy

import (
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// liveTLS is a live HAProxy with an HTTPS frontend on a free port.
type liveTLS struct {
	*liveHAProxy
	dir string
}

// startTLSHAProxy starts HAProxy with model m and an HTTPS frontend whose
// default certificate is self-signed and whose crt-list and hosts file
// are empty.
func startTLSHAProxy(t *testing.T, m Model) *liveTLS {
	t.Helper()
	challenge := newBackend(t, "challenge", nil)
	h := startHAProxy(t, m, challenge.Listener.Addr().String())
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "default.pem"), selfSignedPEM(t, "default.invalid"))
	writeTestFile(t, filepath.Join(dir, "crt-list"), nil)
	writeTestFile(t, filepath.Join(dir, "hosts.lst"), nil)
	h.settings.TLS = TLS{
		Port:        freePort(t),
		DefaultCert: filepath.Join(dir, "default.pem"),
		CrtList:     filepath.Join(dir, "crt-list"),
		HostsFile:   filepath.Join(dir, "hosts.lst"),
		// the HTTPS frontend's socket of the TLS-ALPN-01 layout
		InternalSocket: filepath.Join(dir, "https.sock"),
	}
	h.write(m)
	if err := h.master.Reload(context.Background()); err != nil {
		t.Fatalf("reloading with TLS: %v\n%s", err, h.log)
	}
	return &liveTLS{liveHAProxy: h, dir: dir}
}

// handshake connects to the HTTPS port with SNI serverName and returns the
// served leaf certificate and the negotiated protocol.
func (h *liveTLS) handshake(serverName string) (*x509.Certificate, string) {
	h.t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", h.settings.TLS.Port)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, &tls.Config{
		ServerName: serverName, InsecureSkipVerify: true, NextProtos: []string{"h2", "http/1.1"},
	})
	if err != nil {
		h.t.Fatalf("TLS handshake with %s: %v", serverName, err)
	}
	defer conn.Close()
	st := conn.ConnectionState()
	return st.PeerCertificates[0], st.NegotiatedProtocol
}

// TestRuntimeInstallsCertificatesWithoutReload adds a certificate, puts its
// names in the hosts file and replaces it, all through the runtime API,
// and checks what clients get after each step.
func TestRuntimeInstallsCertificatesWithoutReload(t *testing.T) {
	web := newBackend(t, "web", nil)
	m := Model{Apps: []App{{
		Name:            "web",
		Domains:         []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"www.a.example.com"}}},
		HealthCheckPath: "/",
		Servers:         []Server{web.server()},
	}}}
	h := startTLSHAProxy(t, m)
	ctx := context.Background()
	reloads, _ := h.master.Reloads(ctx)

	if leaf, proto := h.handshake("a.example.com"); leaf.Subject.CommonName != "default.invalid" || proto != "h2" {
		t.Fatalf("before any certificate: served %q over %q, want the default certificate over h2", leaf.Subject.CommonName, proto)
	}
	if resp, _ := h.get("a.example.com", "/x"); resp.StatusCode != 200 {
		t.Errorf("HTTP without a certificate answered %d, want 200 (no redirect)", resp.StatusCode)
	}

	path := filepath.Join(h.dir, "a.example.com.pem")
	first := selfSignedPEM(t, "a.example.com", "www.a.example.com")
	installCert(t, h, path, first)
	if leaf, _ := h.handshake("www.a.example.com"); leaf.Subject.CommonName != "a.example.com" {
		t.Errorf("after SetCertificate: served %q for the alias, want a.example.com", leaf.Subject.CommonName)
	}
	if fp, err := h.runtime.CertificateFingerprint(ctx, path); err != nil || fp != fingerprint(first) {
		t.Errorf("CertificateFingerprint = %q, %v; want %q", fp, err, fingerprint(first))
	}

	for _, host := range []string{"a.example.com", "www.a.example.com"} {
		if err := h.runtime.AddACLEntry(ctx, h.settings.TLS.HostsFile, host); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := h.runtime.ACLEntries(ctx, h.settings.TLS.HostsFile); err != nil || !slices.Equal(got, []string{"a.example.com", "www.a.example.com"}) {
		t.Errorf("ACLEntries = %v, %v", got, err)
	}
	checkRedirect(t, h, "a.example.com", "/p?q=1", "https://a.example.com/p?q=1")
	checkRedirect(t, h, "www.a.example.com", "/p?q=1", "https://a.example.com/p?q=1")
	if resp, body := h.get("a.example.com", ChallengePath+"tok"); resp.StatusCode != 200 || body != "challenge" {
		t.Errorf("challenge with a certificate: %d %q, want the challenge server", resp.StatusCode, body)
	}

	second := selfSignedPEM(t, "a.example.com", "www.a.example.com")
	if err := h.runtime.SetCertificate(ctx, path, second); err != nil {
		t.Fatalf("replacing the certificate: %v", err)
	}
	if leaf, _ := h.handshake("a.example.com"); fingerprint(second) != fmt.Sprintf("%X", sha1.Sum(leaf.Raw)) {
		t.Errorf("after replacing: the old certificate is still served")
	}
	if err := h.runtime.DelACLEntry(ctx, h.settings.TLS.HostsFile, "a.example.com"); err != nil {
		t.Fatal(err)
	}
	if resp, _ := h.get("a.example.com", "/"); resp.StatusCode != 200 {
		t.Errorf("after DelACLEntry: HTTP answered %d, want 200 (no redirect)", resp.StatusCode)
	}
	if after, _ := h.master.Reloads(ctx); after != reloads {
		t.Errorf("HAProxy reloaded %d times during runtime changes", after-reloads)
	}
}

// TestHTTPSRoutesAndRedirectsAliases checks requests over HTTPS: HTTP/2,
// the forwarded protocol, and alias redirects keeping path and query.
func TestHTTPSRoutesAndRedirectsAliases(t *testing.T) {
	web := newBackend(t, "web", nil)
	h := startTLSHAProxy(t, Model{Apps: []App{{
		Name:            "web",
		Domains:         []labels.Domain{{Canonical: "a.example.com", Aliases: []string{"www.a.example.com"}}},
		HealthCheckPath: "/",
		Servers:         []Server{web.server()},
	}}})
	installCert(t, h, filepath.Join(h.dir, "a.example.com.pem"), selfSignedPEM(t, "a.example.com", "www.a.example.com"))
	client := h.httpsClient()
	waitHealthy(t, h.liveHAProxy, "web")
	resp, err := client.Get("https://a.example.com/hello")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 {
		t.Errorf("GET over HTTPS: %d %s, want 200 over HTTP/2", resp.StatusCode, resp.Proto)
	}
	if reqs := web.requests("/hello"); len(reqs) != 1 || reqs[0].Header.Get("X-Forwarded-Proto") != "https" {
		t.Errorf("backend saw %d requests with X-Forwarded-Proto %q", len(reqs), forwardedProto(reqs))
	}
	resp, err = client.Get("https://www.a.example.com/p?q=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 301 || loc != "https://a.example.com/p?q=1" {
		t.Errorf("alias over HTTPS: %d Location %q, want 301 to https://a.example.com/p?q=1", resp.StatusCode, loc)
	}
}

// installCert puts bundle into HAProxy under path and into its crt-list.
func installCert(t *testing.T, h *liveTLS, path string, bundle []byte) {
	t.Helper()
	ctx := context.Background()
	writeTestFile(t, path, bundle)
	if err := h.runtime.SetCertificate(ctx, path, bundle); err != nil {
		t.Fatalf("SetCertificate: %v", err)
	}
	if err := h.runtime.AddCrtListEntry(ctx, h.settings.TLS.CrtList, path); err != nil {
		t.Fatalf("AddCrtListEntry: %v", err)
	}
	if got, err := h.runtime.CrtListEntries(ctx, h.settings.TLS.CrtList); err != nil || !slices.Contains(got, path) {
		t.Fatalf("CrtListEntries = %v, %v; want %s in it", got, err, path)
	}
}

// httpsClient sends HTTPS requests to HAProxy whatever the URL's host,
// without verifying certificates or following redirects.
func (h *liveTLS) httpsClient() *http.Client {
	addr := fmt.Sprintf("127.0.0.1:%d", h.settings.TLS.Port)
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// checkRedirect expects a 301 from HTTP host+path to location.
func checkRedirect(t *testing.T, h *liveTLS, host, path, location string) {
	t.Helper()
	resp, _ := h.get(host, path)
	if resp.StatusCode != 301 || resp.Header.Get("Location") != location {
		t.Errorf("HTTP %s%s: %d Location %q, want 301 to %s", host, path, resp.StatusCode, resp.Header.Get("Location"), location)
	}
}

// waitHealthy waits until HAProxy has checked the app's servers up.
func waitHealthy(t *testing.T, h *liveHAProxy, app string) {
	t.Helper()
	eventually(t, 5*time.Second, "servers up", func() error {
		servers, err := h.runtime.Servers(context.Background(), BackendName(app))
		if err != nil {
			return err
		}
		for _, s := range servers {
			if !s.Up() {
				return fmt.Errorf("%s is not up", s.Name)
			}
		}
		return nil
	})
}

// fingerprint is the SHA-1 fingerprint of the bundle's first certificate
// as HAProxy prints it.
func fingerprint(bundle []byte) string {
	block, _ := pem.Decode(bundle)
	return fmt.Sprintf("%X", sha1.Sum(block.Bytes))
}

func forwardedProto(reqs []*http.Request) string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Header.Get("X-Forwarded-Proto"))
	}
	return strings.Join(out, ",")
}

// TestRuntimeRemovesCertificates installs a certificate through the
// runtime API and removes it again: clients get the default certificate,
// HAProxy's store no longer has it, and nothing reloaded.
func TestRuntimeRemovesCertificates(t *testing.T) {
	h := startTLSHAProxy(t, Model{Apps: []App{{Name: "web", Domains: []labels.Domain{{Canonical: "a.example.com"}}, HealthCheckPath: "/"}}})
	ctx := context.Background()
	reloads, _ := h.master.Reloads(ctx)
	path := filepath.Join(h.dir, "a.example.com.pem")
	installCert(t, h, path, selfSignedPEM(t, "a.example.com"))
	if leaf, _ := h.handshake("a.example.com"); leaf.Subject.CommonName != "a.example.com" {
		t.Fatalf("installed certificate not served: %q", leaf.Subject.CommonName)
	}
	if err := h.runtime.DeleteCertificate(ctx, path); err == nil {
		t.Error("DeleteCertificate of a certificate still in the crt-list succeeded, want HAProxy to refuse")
	} else {
		t.Logf("refused while listed: %v", err)
	}
	if err := h.runtime.DelCrtListEntry(ctx, h.settings.TLS.CrtList, path); err != nil {
		t.Fatalf("DelCrtListEntry: %v", err)
	}
	if err := h.runtime.DeleteCertificate(ctx, path); err != nil {
		t.Fatalf("DeleteCertificate: %v", err)
	}
	if leaf, _ := h.handshake("a.example.com"); leaf.Subject.CommonName != "default.invalid" {
		t.Errorf("after removal: served %q, want the default certificate", leaf.Subject.CommonName)
	}
	if got, err := h.runtime.CrtListEntries(ctx, h.settings.TLS.CrtList); err != nil || slices.Contains(got, path) {
		t.Errorf("CrtListEntries after removal = %v, %v", got, err)
	}
	if fp, err := h.runtime.CertificateFingerprint(ctx, path); err != nil || fp != "" {
		t.Errorf("CertificateFingerprint after removal = %q, %v; want none", fp, err)
	}
	if after, _ := h.master.Reloads(ctx); after != reloads {
		t.Errorf("HAProxy reloaded %d times", after-reloads)
	}
}

// TestWildcardHostsAreRedirected: a wildcard name in the hosts file (added
// through the runtime API, as for a DNS-01 wildcard certificate) redirects
// every host one label under it to HTTPS, and nothing deeper or beside it.
func TestWildcardHostsAreRedirected(t *testing.T) {
	web := newBackend(t, "web", nil)
	m := Model{Apps: []App{{
		Name:            "web",
		Domains:         []labels.Domain{{Canonical: "*.wild.example.com"}},
		HealthCheckPath: "/",
		Servers:         []Server{web.server()},
	}}}
	h := startTLSHAProxy(t, m)
	if resp, _ := h.get("a.wild.example.com", "/"); resp.StatusCode != 200 {
		t.Errorf("before the wildcard is listed: %d, want 200 (no redirect)", resp.StatusCode)
	}
	if err := h.runtime.AddACLEntry(context.Background(), h.settings.TLS.HostsFile, "*.wild.example.com"); err != nil {
		t.Fatal(err)
	}
	checkRedirect(t, h, "a.wild.example.com", "/p", "https://a.wild.example.com/p")
	checkRedirect(t, h, "B.Wild.Example.com", "/", "https://B.Wild.Example.com/")
	for _, host := range []string{"x.a.wild.example.com", "wild.example.com", "a.other.example.com"} {
		if resp, _ := h.get(host, "/"); resp.StatusCode == 301 {
			t.Errorf("HTTP %s: redirected to %s; the wildcard covers one label under wild.example.com only", host, resp.Header.Get("Location"))
		}
	}
}

package haproxy

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tlsDir is the folder of the TLS files in the golden configurations.
const tlsDir = "/usr/local/etc/haproxy/certs"

// tlsTestSettings are testSettings with an HTTPS frontend.
var tlsTestSettings = func() Settings {
	s := testSettings
	s.TLS = TLS{
		Port:        DefaultHTTPSPort,
		DefaultCert: tlsDir + "/default.pem",
		CrtList:     tlsDir + "/crt-list",
		HostsFile:   tlsDir + "/hosts.lst",
	}
	s.ServingMap = tlsDir + "/" + ServingMapName
	return s
}()

// TestRenderTLSGolden renders the cases under testdata/tls with an HTTPS
// frontend and checks each with `haproxy -c`, with the TLS files made in
// a temporary folder.
func TestRenderTLSGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/tls/*/model.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no TLS golden cases found: %v", err)
	}
	for _, modelFile := range files {
		dir := filepath.Dir(modelFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := compareGolden(t, filepath.Join(dir, "haproxy.cfg"), Render(readModel(t, modelFile), tlsTestSettings))
			checkConfig(t, withTLSFiles(t, want))
		})
	}
}

// TestRenderTLSRedirects checks the redirect rules HTTPS adds: canonical
// hosts go to HTTPS only with a certificate, aliases go to their canonical
// host over HTTPS when they have one, challenges are never redirected.
func TestRenderTLSRedirects(t *testing.T) {
	cfg := string(Render(sampleModel(), tlsTestSettings))
	http, https, ok := strings.Cut(cfg, "frontend "+FrontendHTTPS+"\n")
	if !ok {
		t.Fatalf("no HTTPS frontend:\n%s", cfg)
	}
	for _, want := range []string{
		"acl has_cert var(txn.haloy_host) -m str -f " + tlsDir + "/hosts.lst\n",
		"http-request redirect prefix https://shop.example.com code 301 if alias.shop.1 has_cert !acme_challenge\n",
		"http-request redirect prefix http://shop.example.com code 301 if alias.shop.1 !acme_challenge\n",
		"http-request redirect scheme https code 301 if has_cert !acme_challenge\n",
	} {
		if !strings.Contains(http, want) {
			t.Errorf("HTTP frontend lacks %q", want)
		}
	}
	for _, want := range []string{
		"bind :443 ssl crt " + tlsDir + "/default.pem crt-list " + tlsDir + "/crt-list alpn h2,http/1.1\n",
		"http-request set-header X-Forwarded-Proto https\n",
		"http-request redirect prefix https://shop.example.com code 301 if alias.shop.1 !acme_challenge\n",
		"use_backend app_shop if host.shop\n",
	} {
		if !strings.Contains(https, want) {
			t.Errorf("HTTPS frontend lacks %q", want)
		}
	}
	if strings.Contains(https, "prefix http://") || strings.Contains(https, "redirect scheme") {
		t.Errorf("HTTPS frontend redirects to plain HTTP:\n%s", https)
	}
}

// TestRenderWithoutTLSHasNoHTTPS checks that the zero TLS renders no HTTPS parts.
func TestRenderWithoutTLSHasNoHTTPS(t *testing.T) {
	cfg := string(Render(sampleModel(), testSettings))
	for _, unwanted := range []string{FrontendHTTPS, "has_cert", "https://", "ssl"} {
		if strings.Contains(cfg, unwanted) {
			t.Errorf("configuration without TLS contains %q", unwanted)
		}
	}
}

// withTLSFiles writes cfg with tlsDir replaced by a temporary folder that
// holds a default certificate and empty crt-list and hosts files, and
// returns the new file's path.
func withTLSFiles(t *testing.T, cfg []byte) string {
	t.Helper()
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "default.pem"), selfSignedPEM(t, "default.invalid"))
	writeTestFile(t, filepath.Join(dir, "crt-list"), nil)
	writeTestFile(t, filepath.Join(dir, "hosts.lst"), nil)
	writeTestFile(t, filepath.Join(dir, ServingMapName), nil)
	path := filepath.Join(dir, "haproxy.cfg")
	writeTestFile(t, path, bytes.ReplaceAll(cfg, []byte(tlsDir), []byte(dir)))
	return path
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// selfSignedPEM returns a PEM bundle (certificate, key) for names.
func selfSignedPEM(t *testing.T, names ...string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
}

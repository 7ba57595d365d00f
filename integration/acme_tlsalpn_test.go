package integration

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/wire/certstatus"
)

// Names of the TLS-ALPN-01 test: alpnDomain and its alias validate with
// TLS-ALPN-01, plainDomain (another app on the same HAProxy) with HTTP-01.
const (
	alpnDomain  = "alpn.pebble.test"
	alpnAlias   = "www.alpn.pebble.test"
	plainDomain = "plain.pebble.test"
)

// pebbleTLSALPNDirectory is Pebble's directory in this test: another port
// than TestACMEWithPebble's, so the sidecar's volume holds no account of
// that earlier Pebble under this CA.
const pebbleTLSALPNDirectory = "https://pebble:14001/dir"

// pebbleTLSALPNConfig has Pebble validate TLS-ALPN-01 on port 443 (HAProxy's
// HTTPS port) and HTTP-01 on port 5002, where nothing listens: only
// TLS-ALPN-01 can succeed.
const pebbleTLSALPNConfig = `{
  "pebble": {
    "listenAddress": "0.0.0.0:14001",
    "managementListenAddress": "0.0.0.0:15000",
    "certificate": "/test/certs/localhost/cert.pem",
    "privateKey": "/test/certs/localhost/key.pem",
    "httpPort": 5002,
    "tlsPort": 443,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "retryAfter": {"authz": 1, "order": 1},
    "keyAlgorithm": "ecdsa",
    "profiles": {"default": {"description": "90 days", "validityPeriod": 7776000}}
  }
}`

const tlsALPNApps = `apps:
  - name: alpn
    source:
      image: {repository: haloy/testapp, tag: v1}
    domains:
      - domain: ` + alpnDomain + `
        aliases: [` + alpnAlias + `]
    acmeChallenge: tls-alpn-01
    healthCheckPath: /healthz
  - name: plain
    source:
      image: {repository: haloy/testapp, tag: v1}
    domains: [` + plainDomain + `]
    healthCheckPath: /healthz
`

// TestACMETLSALPNWithPebble obtains a certificate with TLS-ALPN-01 alone
// through HAProxy's :443: Pebble cannot reach any HTTP-01 answer. It
// checks the certificate, HTTP/2 and the client's address through the
// TCP frontend, and that an HTTP-01 app beside it is still served.
func TestACMETLSALPNWithPebble(t *testing.T) {
	requireEngine(t)
	pb := startPebble(t, pebbleTLSALPNConfig)
	haloy(t, append(slices.Clone(env.initArgs), "--acme-ca", pebbleTLSALPNDirectory, "--acme-ca-root", pb.minicaFile, "--acme-email", "ops@example.com")...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	haloy(t, "deploy", tempFile(t, "haloy.yaml", tlsALPNApps))
	t.Cleanup(func() { runHaloy("stop", "alpn", "plain") })
	logSidecarIfFailed(t)
	started := containerStarted(t, "alpn")
	pb.fetchRoots(t)
	served := waitTrusted(t, pb, alpnDomain)
	t.Logf("benchmark: container start to trusted TLS-ALPN-01 certificate served through HAProxy: %s", served.Sub(started).Round(10*time.Millisecond))
	logs := docker(t, "logs", "haloy-sidecar")
	for _, name := range []string{alpnDomain, alpnAlias} {
		if !strings.Contains(logs, `"msg":"TLS-ALPN-01 challenge answered","component":"tls-alpn-01","domain":"`+name+`"`) {
			t.Errorf("the sidecar's TLS-ALPN-01 listener answered no challenge for %s", name)
		}
	}

	t.Run("certificate covers the alias and is served with HTTP/2", func(t *testing.T) {
		checkCoversOverH2(t, pb.roots, alpnDomain, alpnAlias)
	})
	t.Run("HTTPS reaches the app with HTTP/2 and the client's address", func(t *testing.T) { checkALPNForwarding(t, pb.roots) })
	t.Run("the HTTP-01 app is still served", checkPlainApp)
	t.Run("status shows the challenges", checkChallengeStatus)
}

// checkALPNForwarding compares what the app sees over HTTPS, through the
// TCP frontend and the PROXY protocol, with what it sees over plain HTTP.
func checkALPNForwarding(t *testing.T, roots *x509.CertPool) {
	resp, err := httpsClient(roots).Get("https://" + alpnDomain + "/forwarded")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, plain, _ := get(t, "http://"+plainDomain+"/forwarded")
	clientAddr := strings.TrimSuffix(strings.TrimPrefix(strings.Fields(plain)[0], "for="), ",")
	want := fmt.Sprintf("for=%s proto=https\n", clientAddr)
	t.Logf("client address seen by the app over HTTP: %q, over HTTPS: %q", plain, body)
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 || clientAddr == "" || string(body) != want {
		t.Errorf("GET https://%s/forwarded = %d over %s %q; want 200 over HTTP/2 %q (HTTP saw %q)",
			alpnDomain, resp.StatusCode, resp.Proto, body, want, plain)
	}
}

// checkPlainApp checks the HTTP-01 app over HTTP and, with the self-signed
// fallback, over HTTPS with HTTP/2; its validation fails (nothing answers
// HTTP-01 where Pebble looks) and backs off.
func checkPlainApp(t *testing.T) {
	if code, body, _ := get(t, "http://"+plainDomain+"/"); code != 200 || !strings.Contains(body, "version=v1") {
		t.Errorf("http://%s/ = %d %q, want the app", plainDomain, code, body)
	}
	client := httpsClient(nil)
	client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	resp, err := client.Get("https://" + plainDomain + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 || !strings.Contains(string(body), "version=v1") {
		t.Errorf("https://%s/ = %d over %s %q, want the app over HTTP/2", plainDomain, resp.StatusCode, resp.Proto, body)
	}
	eventually(t, 60*time.Second, plainDomain+" to fail HTTP-01", func() error {
		d, err := findDomainStatus(t, plainDomain)
		if err != nil {
			return err
		}
		if d.State != certstatus.Failing {
			return fmt.Errorf("state %s", d.State)
		}
		return nil
	})
}

// checkChallengeStatus checks the challenge of each domain in the status.
func checkChallengeStatus(t *testing.T) {
	if d := domainStatus(t, alpnDomain); d.State != certstatus.Valid || d.Challenge != "tls-alpn-01" || !strings.Contains(d.Issuer, "Pebble") {
		t.Errorf("%s: %+v, want valid through tls-alpn-01 from Pebble", alpnDomain, d)
	}
	if d := domainStatus(t, plainDomain); d.Challenge != "http-01" {
		t.Errorf("%s: challenge %q, want http-01", plainDomain, d.Challenge)
	}
	out := haloy(t, "status")
	for _, want := range []string{"CHALLENGE", alpnDomain, "tls-alpn-01", plainDomain, "http-01"} {
		if !strings.Contains(out, want) {
			t.Errorf("docker haloy status lacks %q:\n%s", want, out)
		}
	}
}

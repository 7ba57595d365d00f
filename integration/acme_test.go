package integration

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Pebble runs as two containers on the haloy network: pebble-challtestsrv
// answers DNS for every test domain with HAProxy's address (so Pebble's
// HTTP-01 validation goes through HAProxy :80 to the sidecar), and Pebble
// itself, reachable from the sidecar as https://pebble:14000/dir.
const (
	pebbleImage       = "haloy/pebble:v2.10.3"
	pebbleContainer   = "haloy-test-pebble"
	challSrvContainer = "haloy-test-challtestsrv"
	pebbleDirectory   = "https://pebble:14000/dir"
	// shopDomain gets a certificate; www.shopDomain is its alias.
	shopDomain = "shop.pebble.test"
	shopAlias  = "www.shop.pebble.test"
	// badDomain resolves, for Pebble, to an address where nothing answers.
	badDomain = "bad.pebble.test"
)

// pebbleEnv is a running Pebble on the haloy network.
type pebbleEnv struct {
	minicaFile string         // trusts Pebble's HTTPS API (the --acme-ca-root)
	mgmtURL    string         // Pebble's management API, from the host
	challURL   string         // pebble-challtestsrv's management API, from the host
	client     *http.Client   // trusts minicaFile, expects the name "pebble"
	roots      *x509.CertPool // Pebble's issuing root, once fetched
}

// TestACMEWithPebble obtains certificates from Pebble through HAProxy and
// the sidecar: issuance for a domain and its alias, HTTPS with HTTP/2,
// redirects, status, renewal under HTTPS load without a failed request or
// a reload, and a failing domain that backs off while still served over HTTP.
func TestACMEWithPebble(t *testing.T) {
	requireEngine(t)
	pb := startPebble(t, "")
	haloy(t, append(slices.Clone(env.initArgs), "--acme-ca", pebbleDirectory, "--acme-ca-root", pb.minicaFile, "--acme-email", "ops@example.com")...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	pb.addA(t, badDomain, "127.0.0.2")

	haloy(t, "deploy", tempFile(t, "haloy.yaml", acmeApps))
	t.Cleanup(func() { runHaloy("stop", "shop", "bad") })
	logSidecarIfFailed(t)
	started := containerStarted(t, "shop")
	pb.fetchRoots(t)
	served := waitTrusted(t, pb, shopDomain)
	t.Logf("benchmark: container start to trusted certificate served through HAProxy: %s", served.Sub(started).Round(10*time.Millisecond))
	for _, line := range strings.Split(docker(t, "logs", "haloy-sidecar"), "\n") {
		if strings.Contains(line, "certificate obtained") {
			t.Logf("sidecar: %s", line)
		}
	}

	t.Run("certificate covers the alias and is served with HTTP/2", func(t *testing.T) {
		checkCoversOverH2(t, pb.roots, shopDomain, shopAlias)
	})
	t.Run("HTTPS serves the app and redirects the alias", func(t *testing.T) { checkHTTPS(t, pb.roots) })
	t.Run("HTTP redirects to HTTPS except challenges", checkHTTPRedirects)
	t.Run("failing validation backs off and the app is served over HTTP", checkFailingDomain)
	t.Run("status shows certificates", checkCertStatus)
	t.Run("renewal under HTTPS load", func(t *testing.T) { checkRenewalUnderLoad(t, pb.roots) })
}

const acmeApps = `apps:
  - name: shop
    source:
      image: {repository: haloy/testapp, tag: v1}
    domains:
      - domain: ` + shopDomain + `
        aliases: [` + shopAlias + `]
    healthCheckPath: /healthz
  - name: bad
    source:
      image: {repository: haloy/testapp, tag: v1}
    domains: [` + badDomain + `]
    healthCheckPath: /healthz
`

// startPebble builds the Pebble image and starts pebble-challtestsrv and
// Pebble on the haloy network; both are removed when the test ends.
// Pebble runs with the image's configuration (HTTP-01 on port 80, TLS-ALPN-01
// on 443), or with config when it is not "".
func startPebble(t *testing.T, config string) *pebbleEnv {
	t.Helper()
	buildPebble(t)
	runCmd("docker", "rm", "-f", challSrvContainer) // a leftover of an interrupted run
	t.Cleanup(func() { runCmd("docker", "rm", "-f", challSrvContainer) })
	docker(t, append(append([]string{"run", "-d", "--name", challSrvContainer, "--network", "haloy"}, nodePublish(1, 8055)...),
		"--entrypoint", "/pebble-challtestsrv", pebbleImage,
		"-defaultIPv4", containerIP(t, "haloy-haproxy"), "-defaultIPv6=", "-dnsserver", ":8053", "-management", ":8055",
		"-http01=", "-https01=", "-tlsalpn01=", "-doh=")...)
	pb := runPebble(t, config, containerIP(t, challSrvContainer)+":8053")
	pb.challURL = "http://" + reachAddr(t, 1, challSrvContainer, 8055)
	return pb
}

// buildPebble builds the Pebble image (kept when unchanged).
func buildPebble(t *testing.T) {
	t.Helper()
	if out, err := runCmd("bash", filepath.Join(env.root, "scripts/build-images.sh"), "pebble"); err != nil {
		t.Fatalf("building %s: %v\n%s", pebbleImage, err, out)
	}
}

// runPebble starts Pebble on the haloy network resolving every name
// through the DNS server dnsAddr (host:port), with config as in
// startPebble; it is removed when the test ends.
func runPebble(t *testing.T, config, dnsAddr string) *pebbleEnv {
	t.Helper()
	runCmd("docker", "rm", "-f", pebbleContainer) // a leftover of an interrupted run
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := runCmd("docker", "logs", "--tail", "40", pebbleContainer)
			t.Logf("pebble log:\n%s", out)
		}
		runCmd("docker", "rm", "-f", pebbleContainer)
	})
	configFile := "/test/config/pebble-config.json"
	if config != "" {
		configFile = "/test/config/test-config.json"
	}
	docker(t, append(append([]string{"create", "--name", pebbleContainer, "--network", "haloy", "--network-alias", "pebble"}, nodePublish(0, 15000)...),
		"-e", "PEBBLE_VA_NOSLEEP=1", pebbleImage, "-config", configFile, "-dnsserver", dnsAddr)...)
	if config != "" {
		docker(t, "cp", tempFile(t, "test-config.json", config), pebbleContainer+":"+configFile)
	}
	docker(t, "start", pebbleContainer)
	pb := &pebbleEnv{
		minicaFile: filepath.Join(t.TempDir(), "pebble.minica.pem"),
		mgmtURL:    "https://" + reachAddr(t, 0, pebbleContainer, 15000),
	}
	docker(t, "cp", pebbleContainer+":/test/certs/pebble.minica.pem", pb.minicaFile)
	pb.client = minicaClient(t, pb.minicaFile)
	eventually(t, 20*time.Second, "pebble to answer", func() error {
		resp, err := pb.client.Get(pb.mgmtURL + "/roots/0")
		if err == nil {
			resp.Body.Close()
		}
		return err
	})
	return pb
}

// minicaClient trusts the PEM file's roots for the server name "pebble".
func minicaClient(t *testing.T, file string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", file)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "pebble"}}
	return &http.Client{Timeout: 10 * time.Second, Transport: tr}
}

// fetchRoots reads the root Pebble issues under (new at every Pebble start).
func (pb *pebbleEnv) fetchRoots(t *testing.T) {
	t.Helper()
	resp, err := pb.client.Get(pb.mgmtURL + "/roots/0")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pem, _ := io.ReadAll(resp.Body)
	pb.roots = x509.NewCertPool()
	if resp.StatusCode != 200 || !pb.roots.AppendCertsFromPEM(pem) {
		t.Fatalf("GET /roots/0: %s %s", resp.Status, pem)
	}
}

// addA makes pebble-challtestsrv answer host with addr.
func (pb *pebbleEnv) addA(t *testing.T, host, addr string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"host": host, "addresses": []string{addr}})
	resp, err := http.Post(pb.challURL+"/add-a", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("add-a %s: %s", host, resp.Status)
	}
}

// waitTrusted waits until HAProxy serves name a certificate trusted by
// roots and returns when it first did.
func waitTrusted(t *testing.T, pb *pebbleEnv, name string) time.Time {
	t.Helper()
	var served time.Time
	eventually(t, 90*time.Second, "a trusted certificate for "+name, func() error {
		conn, err := dialTLS(pb.roots, name)
		if err != nil {
			return err
		}
		conn.Close()
		served = time.Now()
		return nil
	})
	return served
}

// dialTLS connects to HAProxy's HTTPS port with SNI name, verifying the
// certificate against roots (or not at all without roots).
func dialTLS(roots *x509.CertPool, name string) (*tls.Conn, error) {
	cfg := &tls.Config{ServerName: name, RootCAs: roots, InsecureSkipVerify: roots == nil, NextProtos: []string{"h2", "http/1.1"}}
	return tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", fmt.Sprintf("127.0.0.1:%d", env.httpsPort), cfg)
}

// handshake returns the leaf certificate served for name and the protocol.
func handshake(t *testing.T, roots *x509.CertPool, name string) (*x509.Certificate, string) {
	t.Helper()
	conn, err := dialTLS(roots, name)
	if err != nil {
		t.Fatalf("TLS handshake for %s: %v", name, err)
	}
	defer conn.Close()
	st := conn.ConnectionState()
	return st.PeerCertificates[0], st.NegotiatedProtocol
}

// httpsClient sends HTTPS requests to HAProxy's published port, trusting roots.
func httpsClient(roots *x509.CertPool) *http.Client {
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", env.httpsPort))
		},
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func checkHTTPS(t *testing.T, roots *x509.CertPool) {
	client := httpsClient(roots)
	resp, err := client.Get("https://" + shopDomain + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMajor != 2 || !strings.Contains(string(body), "version=v1") {
		t.Errorf("GET https://%s/ = %d over %s %q, want 200 over HTTP/2 from the app", shopDomain, resp.StatusCode, resp.Proto, body)
	}
	resp, err = client.Get("https://" + shopAlias + "/some/path?q=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "https://" + shopDomain + "/some/path?q=1"; resp.StatusCode != 301 || resp.Header.Get("Location") != want {
		t.Errorf("alias over HTTPS = %d Location %q, want 301 to %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
}

func checkHTTPRedirects(t *testing.T) {
	for host, want := range map[string]string{
		shopDomain: "https://" + shopDomain + "/p?q=1",
		shopAlias:  "https://" + shopDomain + "/p?q=1",
	} {
		code, _, h := get(t, "http://"+host+"/p?q=1")
		if code != 301 || h.Get("Location") != want {
			t.Errorf("http://%s/p?q=1 = %d Location %q, want 301 to %s", host, code, h.Get("Location"), want)
		}
	}
	if code, _, h := get(t, "http://"+shopDomain+"/.well-known/acme-challenge/unknown-token"); code == 301 {
		t.Errorf("a challenge request was redirected to %s", h.Get("Location"))
	}
}

func checkFailingDomain(t *testing.T) {
	var d certstatus.Domain
	eventually(t, 60*time.Second, badDomain+" to fail", func() (err error) {
		if d, err = findDomainStatus(t, badDomain); err != nil {
			return err
		}
		if d.State != certstatus.Failing {
			return fmt.Errorf("state %s", d.State)
		}
		return nil
	})
	if d.Failures != 1 || !strings.Contains(d.Hint, "port 80") || !firstRetryAhead(d.NextAttempt) {
		t.Errorf("%s: %+v, want 1 failure, a port 80 hint and the next attempt about %s away", badDomain, d, acme.BackoffFirst)
	}
	code, body, _ := get(t, "http://"+badDomain+"/")
	if code != 200 || !strings.Contains(body, "version=v1") {
		t.Errorf("http://%s/ = %d %q, want the app over HTTP", badDomain, code, body)
	}
	if leaf, _ := handshake(t, nil, badDomain); leaf.Subject.CommonName != "haloy-default.invalid" {
		t.Errorf("HTTPS for %s served %q, want the self-signed fallback", badDomain, leaf.Subject.CommonName)
	}
}

func checkCertStatus(t *testing.T) {
	d := domainStatus(t, shopDomain)
	if d.State != certstatus.Valid || !strings.Contains(d.Issuer, "Pebble") || d.NotAfter.Before(time.Now().Add(24*time.Hour)) {
		t.Errorf("%s: %+v, want valid, issued by Pebble, expiring later", shopDomain, d)
	}
	out := haloy(t, "status")
	for _, want := range []string{"Certificates (CA: " + pebbleDirectory + ")", shopDomain, "valid", badDomain, "failing", "hint: port 80"} {
		if !strings.Contains(out, want) {
			t.Errorf("docker haloy status lacks %q:\n%s", want, out)
		}
	}
}

// checkRenewalUnderLoad forces a renewal (SIGHUP to the sidecar) under
// HTTPS load: the new certificate must be served without a failed request
// and without a HAProxy reload, and the failing domain must stay in backoff.
func checkRenewalUnderLoad(t *testing.T, roots *x509.CertPool) {
	before, _ := handshake(t, roots, shopDomain)
	reloads := haproxyReloads(t)
	load := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpsPort), Host: shopDomain,
		KeepAlive: 10, FreshPerSecond: 20, TLS: &tls.Config{RootCAs: roots}})
	time.Sleep(time.Second)
	start := time.Now()
	docker(t, "kill", "-s", "HUP", "haloy-sidecar")
	eventually(t, 60*time.Second, "the renewed certificate to be served", func() error {
		leaf, _ := handshake(t, roots, shopDomain)
		if sha1.Sum(leaf.Raw) == sha1.Sum(before.Raw) {
			return fmt.Errorf("still serial %x", leaf.SerialNumber)
		}
		return nil
	})
	t.Logf("renewal: new certificate served %s after SIGHUP", time.Since(start).Round(10*time.Millisecond))
	time.Sleep(2 * time.Second)
	res := load.Stop()
	t.Logf("HTTPS load during renewal: %s", res)
	if res.Failures != 0 || res.Requests == 0 {
		t.Errorf("%d of %d requests failed during renewal: %v", res.Failures, res.Requests, res.Errors)
	}
	if after := haproxyReloads(t); after != reloads {
		t.Errorf("HAProxy reloaded %d times for the renewal, want 0 (runtime API)", after-reloads)
	}
	if d := domainStatus(t, badDomain); d.Failures != 1 {
		t.Errorf("%s has %d failures after a forced renewal, want 1 (backoff)", badDomain, d.Failures)
	}
}

// domainStatus reads one domain's certificate from the sidecar's status.
func domainStatus(t *testing.T, domain string) certstatus.Domain {
	t.Helper()
	d, err := findDomainStatus(t, domain)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// findDomainStatus is domain's certificate in the status, or an error when
// the status does not list it (yet: a domain routed while a certificate
// check runs is listed from the next check on).
func findDomainStatus(t *testing.T, domain string) (certstatus.Domain, error) {
	t.Helper()
	var st struct {
		Certificates certstatus.Report `json:"certificates"`
	}
	out := haloy(t, "status", "--format", "json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("reading status JSON: %v\n%s", err, out)
	}
	for _, d := range st.Certificates.Domains {
		if d.Domain == domain {
			return d, nil
		}
	}
	return certstatus.Domain{}, fmt.Errorf("%s not in the certificates of the status: %+v", domain, st.Certificates)
}

// containerIP is the container's address on the haloy network.
func containerIP(t *testing.T, name string) string {
	t.Helper()
	ip := strings.TrimSpace(docker(t, "inspect", "-f", `{{(index .NetworkSettings.Networks "haloy").IPAddress}}`, name))
	if net.ParseIP(ip) == nil {
		t.Fatalf("%s has no address on the haloy network: %q", name, ip)
	}
	return ip
}

// containerStarted is when the app's first container started.
func containerStarted(t *testing.T, app string) time.Time {
	t.Helper()
	id := strings.Fields(docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName="+app))[0]
	started, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(docker(t, "inspect", "-f", "{{.State.StartedAt}}", id)))
	if err != nil {
		t.Fatal(err)
	}
	return started
}

// runCmd runs a command and returns its combined output.
func runCmd(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// logSidecarIfFailed logs the sidecar's last lines when t fails.
func logSidecarIfFailed(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := runCmd("docker", "logs", "--tail", "80", "haloy-sidecar")
			t.Logf("sidecar log:\n%s", out)
		}
	})
}

// checkCoversOverH2 checks that HAProxy serves, for alias, a certificate
// naming domain and alias, trusted by roots, over HTTP/2.
func checkCoversOverH2(t *testing.T, roots *x509.CertPool, domain, alias string) {
	t.Helper()
	leaf, proto := handshake(t, roots, alias)
	if !slices.Contains(leaf.DNSNames, domain) || !slices.Contains(leaf.DNSNames, alias) || proto != "h2" {
		t.Errorf("certificate for %v over %q, want both names over h2", leaf.DNSNames, proto)
	}
}

// firstRetryAhead reports whether next, a domain's next attempt read
// shortly after its first failure, is the first back-off away: more than
// half of it, and no more than all of it.
func firstRetryAhead(next time.Time) bool {
	left := time.Until(next)
	return left > acme.BackoffFirst/2 && left <= acme.BackoffFirst
}

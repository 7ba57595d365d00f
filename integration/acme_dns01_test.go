package integration

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/internal/bindconf"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Names of the DNS-01 test: BIND 9 is authoritative for dns01Zone and
// takes RFC 2136 updates signed with a TSIG key; Pebble resolves through
// it. The app wild serves *.wild.<zone> and its apex; the app wrong is
// asked for after the credentials were replaced with a wrong secret.
const (
	bind9Image     = "haloy/bind9:trixie"
	bind9Container = "haloy-test-bind9"
	dns01Zone      = "dns01.pebble.test"
	wildDomain     = "*.wild." + dns01Zone
	wildApex       = "wild." + dns01Zone
	wrongDomain    = "*.wrong." + dns01Zone
	dns01KeyName   = "haloy-acme."
	// pebbleDNS01Directory is another port than the other Pebble tests',
	// so the sidecar's volume holds no account of theirs under this CA.
	pebbleDNS01Directory = "https://pebble:14002/dir"
)

// pebbleDNS01Config has Pebble validate HTTP-01 and TLS-ALPN-01 on ports
// where nothing listens: only DNS-01 can succeed.
const pebbleDNS01Config = `{
  "pebble": {
    "listenAddress": "0.0.0.0:14002",
    "managementListenAddress": "0.0.0.0:15000",
    "certificate": "/test/certs/localhost/cert.pem",
    "privateKey": "/test/certs/localhost/key.pem",
    "httpPort": 5002,
    "tlsPort": 5003,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "retryAfter": {"authz": 1, "order": 1},
    "keyAlgorithm": "ecdsa",
    "profiles": {"default": {"description": "90 days", "validityPeriod": 7776000}}
  }
}`

const dns01Apps = `apps:
  - name: wild
    source:
      image: {repository: haloy/testapp, tag: v1}
    domains:
      - domain: "` + wildDomain + `"
      - domain: ` + wildApex + `
    acmeChallenge: dns-01
    acmeDNSProvider: rfc2136
    healthCheckPath: /healthz
`

const dns01WrongApp = `name: wrong
source:
  image: {repository: haloy/testapp, tag: v1}
domains: ["` + wrongDomain + `"]
acmeChallenge: dns-01
acmeDNSProvider: rfc2136
healthCheckPath: /healthz
`

// TestACMEDNS01WithBind9 obtains one certificate for a wildcard domain
// and its apex (routed as two domains of the app) with DNS-01 through a real BIND 9 (RFC 2136, TSIG) and
// Pebble resolving through it, serves it for two subdomains over SNI,
// then replaces the credentials with a wrong secret: a new wildcard app
// fails with a TSIG hint and backs off while HTTP keeps routing, and no
// secret shows in any output.
func TestACMEDNS01WithBind9(t *testing.T) {
	requireEngine(t)
	secret, wrongSecret := randomSecret(t), randomSecret(t)
	bindAddr := startBind9(t, secret)
	buildPebble(t)
	pb := runPebble(t, pebbleDNS01Config, bindAddr)
	good := dns01Credentials(bindAddr, secret)
	initArgs := append(slices.Clone(env.initArgs), "--acme-ca", pebbleDNS01Directory, "--acme-ca-root", pb.minicaFile, "--acme-email", "ops@example.com")
	initOut := haloy(t, append(slices.Clone(initArgs), "--acme-dns-env-file", tempFile(t, "dns.env", good))...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	haloy(t, "deploy", tempFile(t, "haloy.yaml", dns01Apps))
	t.Cleanup(func() { runHaloy("stop", "wild", "wrong") })
	logSidecarIfFailed(t)
	started := containerStarted(t, "wild")
	pb.fetchRoots(t)
	served := waitTrusted(t, pb, "a.wild."+dns01Zone)
	t.Logf("benchmark: container start to trusted wildcard certificate (DNS-01 through BIND 9) served through HAProxy: %s",
		served.Sub(started).Round(10*time.Millisecond))

	t.Run("one certificate serves two subdomains and the apex", func(t *testing.T) {
		first, _ := handshake(t, pb.roots, "a.wild."+dns01Zone)
		for _, host := range []string{"b.wild." + dns01Zone, wildApex} {
			leaf, _ := handshake(t, pb.roots, host)
			if !leaf.Equal(first) {
				t.Errorf("%s got another certificate (serial %x) than a.wild (serial %x)", host, leaf.SerialNumber, first.SerialNumber)
			}
		}
		if !slices.Contains(first.DNSNames, wildDomain) || !slices.Contains(first.DNSNames, wildApex) {
			t.Errorf("certificate names %v, want %s and %s", first.DNSNames, wildDomain, wildApex)
		}
		d := domainStatus(t, wildDomain)
		if d.State != certstatus.Valid || d.Challenge != "dns-01" || !strings.Contains(d.Issuer, "Pebble") {
			t.Errorf("status of %s: %+v, want valid through dns-01 from Pebble", wildDomain, d)
		}
		for _, host := range []string{"a.wild." + dns01Zone, wildApex} {
			eventually(t, 5*time.Second, "http://"+host+"/ to redirect to HTTPS", func() error {
				code, _, h := get(t, "http://"+host+"/p")
				if loc := h.Get("Location"); code != 301 || loc != "https://"+host+"/p" {
					return fmt.Errorf("%d Location %q", code, loc)
				}
				return nil
			})
		}
	})
	t.Run("a wrong TSIG secret fails with a hint, backs off, and HTTP keeps routing", func(t *testing.T) {
		initOut += haloy(t, append(slices.Clone(initArgs), "--acme-dns-env-file", tempFile(t, "dns.env", dns01Credentials(bindAddr, wrongSecret)))...)
		haloy(t, "deploy", tempFile(t, "haloy.yaml", dns01WrongApp))
		var d certstatus.Domain
		eventually(t, 90*time.Second, wrongDomain+" to fail", func() (err error) {
			if d, err = findDomainStatus(t, wrongDomain); err != nil {
				return err
			}
			if d.State != certstatus.Failing {
				return fmt.Errorf("state %s", d.State)
			}
			return nil
		})
		if d.Failures != 1 || !strings.Contains(d.Hint, "TSIG") || !firstRetryAhead(d.NextAttempt) {
			t.Errorf("%s: %+v, want 1 failure, a TSIG hint and the next attempt about %s away", wrongDomain, d, acme.BackoffFirst)
		}
		t.Logf("status of %s: %s; hint: %s", wrongDomain, d.LastError, d.Hint)
		for _, host := range []string{"x.wrong." + dns01Zone, "a.wild." + dns01Zone} {
			if code, body, _ := get(t, "http://"+host+"/"); code != 200 && code != 301 || code == 200 && !strings.Contains(body, "version=v1") {
				t.Errorf("http://%s/ = %d %q, want the app", host, code, body)
			}
		}
		if leaf, _ := handshake(t, pb.roots, "c.wild."+dns01Zone); !slices.Contains(leaf.DNSNames, wildDomain) {
			t.Errorf("the wild app's certificate is no longer served: %v", leaf.DNSNames)
		}
	})
	t.Run("no secret in any output", func(t *testing.T) {
		outputs := map[string]string{
			"init":           initOut,
			"status":         haloy(t, "status"),
			"status json":    haloy(t, "status", "--format", "json"),
			"sidecar log":    docker(t, "logs", "haloy-sidecar"),
			"sidecar config": docker(t, "inspect", "haloy-sidecar"),
			"app labels":     docker(t, "inspect", strings.Fields(docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName=wild"))[0]),
		}
		for what, out := range outputs {
			for _, s := range []string{secret, wrongSecret} {
				if strings.Contains(out, s) {
					t.Errorf("the %s shows a TSIG secret", what)
				}
			}
		}
		if !strings.Contains(initOut, "DNSUPDATE_TSIG_SECRET") {
			t.Errorf("init did not name the stored variables:\n%s", initOut)
		}
	})
}

// dns01Credentials is the --acme-dns-env-file for BIND at addr.
func dns01Credentials(addr, secret string) string {
	return "# BIND 9 of the test\nDNSUPDATE_NAMESERVER=" + addr + "\nDNSUPDATE_TSIG_KEY=" + dns01KeyName +
		"\nDNSUPDATE_TSIG_SECRET=" + secret + "\nDNSUPDATE_SEQUENCE_INTERVAL=1\nDNSUPDATE_POLLING_INTERVAL=1\n" +
		"DNSUPDATE_PROPAGATION_TIMEOUT=30\nHALOY_DNS_RESOLVERS=" + addr + "\n"
}

// randomSecret is a new base64 HMAC-SHA256 key.
func randomSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// startBind9 builds the bind9 image and runs named on the haloy network,
// authoritative for dns01Zone, granting the key with secret TXT updates;
// it returns the server's address (host:port).
func startBind9(t *testing.T, secret string) string {
	t.Helper()
	if out, err := runCmd("bash", filepath.Join(env.root, "scripts/build-images.sh"), "bind9", bind9Image); err != nil {
		t.Fatalf("building %s: %v\n%s", bind9Image, err, out)
	}
	runCmd("docker", "rm", "-f", bind9Container) // a leftover of an interrupted run
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := runCmd("docker", "logs", "--tail", "40", bind9Container)
			t.Logf("named log:\n%s", out)
		}
		runCmd("docker", "rm", "-f", bind9Container)
	})
	docker(t, "create", "--name", bind9Container, "--network", "haloy", bind9Image)
	srv := bindconf.Server{Zone: dns01Zone, KeyName: dns01KeyName, Secret: secret, Address: containerIP(t, "haloy-haproxy")}
	confDir := filepath.Join(t.TempDir(), filepath.Base(bindconf.Dir))
	if err := os.Mkdir(confDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(confDir, "named.conf"), srv.NamedConf())
	writeFile(t, filepath.Join(confDir, bindconf.ZoneFileName), srv.ZoneFile())
	docker(t, "cp", confDir, bind9Container+":"+filepath.Dir(bindconf.Dir)+"/")
	docker(t, "start", bind9Container)
	addr := net.JoinHostPort(containerIP(t, bind9Container), "53")
	eventually(t, 20*time.Second, "named to answer", func() error {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err
	})
	return addr
}

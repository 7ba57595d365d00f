package acme

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/bindconf"
)

// bind9 test harness: an authoritative BIND 9 (Debian 13's bind9, image
// made by scripts/build-images.sh bind9) on a Docker network of the
// test's own, serving one zone that accepts RFC 2136 updates of TXT
// records signed with a TSIG key. The test reaches it at its container
// address, so neither Pebble nor lego ever asks the host's resolver.

// bind9Image is the image scripts/build-images.sh bind9 makes.
const bind9Image = "haloy/bind9:trixie"

// bind9Zone is the zone the server is authoritative for.
const bind9Zone = "dns01.haloy.test"

// bind9Env is a running BIND 9.
type bind9Env struct {
	// Addr is the server's host:port (UDP and TCP).
	Addr string
	// KeyName and Secret are the TSIG key allowed to update TXT records.
	KeyName, Secret string
}

// startBind9 builds the image when needed and runs named on a new
// network; everything is removed when the test ends.
func startBind9(t *testing.T) *bind9Env {
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		t.Fatal("the DNS-01 end-to-end test runs BIND 9 in a container and needs docker: ", err)
	}
	if out, err := exec.Command("bash", "../scripts/build-images.sh", "bind9", bind9Image).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", bind9Image, err, out)
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	env := &bind9Env{KeyName: "haloy-acme.", Secret: base64.StdEncoding.EncodeToString(secret)}
	dir := t.TempDir()
	writeBind9Config(t, dir, env)
	name := fmt.Sprintf("haloy-dns01-test-%d", time.Now().UnixNano())
	docker(t, "network", "create", name)
	t.Cleanup(func() { _ = exec.Command("docker", "network", "rm", name).Run() })
	docker(t, "run", "-d", "--name", name, "--network", name, "-v", dir+":"+bindconf.Dir, bind9Image)
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := exec.Command("docker", "logs", "--tail", "40", name).CombinedOutput()
			t.Logf("named's log:\n%s", out)
		}
		_ = exec.Command("docker", "rm", "-f", name).Run()
	})
	ip := strings.TrimSpace(docker(t, "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name))
	env.Addr = net.JoinHostPort(ip, "53")
	waitTCP(t, env.Addr)
	return env
}

// writeBind9Config writes named.conf and the zone into dir, which the
// container mounts at bindconf.Dir (named writes its journal there).
func writeBind9Config(t *testing.T, dir string, env *bind9Env) {
	t.Helper()
	srv := bindconf.Server{Zone: bind9Zone, KeyName: env.KeyName, Secret: env.Secret, Address: "127.0.0.1"}
	for name, data := range map[string]string{"named.conf": srv.NamedConf(), bindconf.ZoneFileName: srv.ZoneFile()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o777); err != nil { // named writes the zone's journal
		t.Fatal(err)
	}
}

// docker runs a docker command and returns its output.
func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// waitTCP waits until addr accepts TCP connections (named is up).
func waitTCP(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("named at %s did not answer: %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// startPebbleResolvingWith starts a Pebble of its own that resolves every
// name through dnsAddr (Pebble's -dnsserver), for DNS-01 validation
// against a real DNS server.
func startPebbleResolvingWith(t *testing.T, dnsAddr string) *pebbleEnv {
	t.Helper()
	bin, modDir, err := pebblePaths()
	if err != nil {
		t.Fatal(err)
	}
	env := &pebbleEnv{Provider: new(HTTPProvider), CACertFile: filepath.Join(modDir, "test/certs/pebble.minica.pem")}
	t.Cleanup(env.stop)
	if env.dir, err = os.MkdirTemp("", "haloy-pebble-dns01-"); err != nil {
		t.Fatal(err)
	}
	if env.client, err = trustingClient(env.CACertFile); err != nil {
		t.Fatal(err)
	}
	// Nothing answers HTTP-01 or TLS-ALPN-01 on these ports: only DNS-01 can succeed.
	if err := env.startPebbleServer(bin, modDir, mustAtoi(portOf(freeAddr())), mustAtoi(portOf(freeAddr())), dnsAddr); err != nil {
		t.Fatal(err)
	}
	return env
}

// portOf returns the port of a host:port address.
func portOf(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

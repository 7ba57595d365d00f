package integration

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/loadgen"
)

// followDomain is the app domain of the follower test; Pebble resolves it
// to the second HAProxy, so its HTTP-01 validation reaches the leader only
// through the second ingress.
const followDomain = "follow.pebble.test"

func followApp(tag string) string {
	return fmt.Sprintf(`name: fl
source:
  image: {repository: haloy/testapp-hc, tag: %s}
domains: [%s]
replicas: 3
healthCheckPath: /healthz
`, tag, followDomain)
}

// TestFollowerOnOneEngine runs a second ingress (HAProxy + follower on
// their own volume) on the harness's engine: a Pebble certificate whose
// HTTP-01 challenge is validated through the second HAProxy is served by
// both HAProxies; deploy v1 -> v2 -> rollback under HTTPS load through the
// second HAProxy fails 0 requests and serves the right version after each
// step; with the leader sidecar stopped the follower keeps serving and
// reports the lost leader, and follows again once the leader is back.
func TestFollowerOnOneEngine(t *testing.T) {
	requireEngine(t)
	if inNode() {
		t.Skip("the harness runs on a node: this test publishes a second HAProxy from the host engine")
	}
	pb := startPebble(t, "")
	haloy(t, append(slices.Clone(env.initArgs), "--acme-ca", pebbleDirectory, "--acme-ca-root", pb.minicaFile, "--acme-email", "ops@example.com")...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	logSidecarIfFailed(t)
	in := startIngress2(t)
	pb.addA(t, followDomain, containerIP(t, haproxy2Container))

	out := haloy(t, "deploy", tempFile(t, "haloy.yaml", followApp("v1")))
	t.Cleanup(func() { runHaloy("stop", "fl") })
	v1 := deployedID(t, out)
	pb.fetchRoots(t)
	for _, ingress := range []struct {
		name string
		port int
	}{{"leader's haproxy", env.httpsPort}, {"follower's haproxy", in.httpsPort}} {
		start := time.Now()
		eventually(t, 90*time.Second, "a trusted certificate served by the "+ingress.name, func() error {
			return wantVersion(ingress.port, pb.roots, "v1")
		})
		t.Logf("%s serves %s with Pebble's certificate (waited %s)", ingress.name, followDomain, time.Since(start).Round(10*time.Millisecond))
	}

	load := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", in.httpsPort), Host: followDomain,
		KeepAlive: 10, FreshPerSecond: 10, TLS: &tls.Config{RootCAs: pb.roots, ServerName: followDomain}})
	defer load.Stop()
	step := func(name, want string, args ...string) {
		t.Helper()
		if out, err := runHaloy(args...); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		// The follower long-polls: it serves the step's result at about the
		// time the leader does.
		eventually(t, 5*time.Second, name+" served through the follower", func() error {
			return wantVersion(in.httpsPort, pb.roots, want)
		})
		for range 20 {
			if err := wantVersion(in.httpsPort, pb.roots, want); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		t.Logf("%s: %s", name, load.Snapshot())
	}
	step("deploy v2", "v2", "deploy", tempFile(t, "haloy.yaml", followApp("v2")))
	step("rollback to v1", "v1", "rollback", "fl", v1)

	docker(t, "stop", contract.SidecarContainer)
	lost := time.Now()
	eventually(t, 40*time.Second, "the follower to report the lost leader", func() error {
		if in.status().LeaderError == "" {
			return fmt.Errorf("no leader error in %+v", in.status())
		}
		return nil
	})
	t.Logf("follower reported the lost leader after %s: %s", time.Since(lost).Round(10*time.Millisecond), in.status().LeaderError)
	time.Sleep(2 * time.Second) // serving on without the leader, under load
	if err := wantVersion(in.httpsPort, pb.roots, "v1"); err != nil {
		t.Fatalf("without the leader: %v", err)
	}
	docker(t, "start", contract.SidecarContainer)
	eventually(t, 30*time.Second, "the follower to reach the leader again", func() error {
		if st := in.status(); st.LeaderError != "" {
			return fmt.Errorf("follower still reports %q", st.LeaderError)
		}
		return nil
	})
	step("deploy v2 after the leader came back", "v2", "deploy", tempFile(t, "haloy.yaml", followApp("v2")))

	res := load.Stop()
	t.Logf("HTTPS load through the follower's haproxy: %s", res)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("%d of %d requests through the follower failed: %v", res.Failures, res.Requests, res.Errors)
	}
}

// wantVersion checks that HTTPS to port for followDomain, trusting roots,
// answers 200 with version want.
func wantVersion(port int, roots *x509.CertPool, want string) error {
	code, body, err := getTLS(port, roots, followDomain)
	if err != nil {
		return err
	}
	if code != 200 || field(body, "version") != want {
		return fmt.Errorf("GET https://%s/ on port %d = %d %q, want version %s", followDomain, port, code, body, want)
	}
	return nil
}

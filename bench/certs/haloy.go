package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/haloydev/haloy/bench/internal/benchhost"
)

// appPrefix begins the name of every app the bench deploys.
const appPrefix = "certbench"

// haloy is the Haloy installation the bench made, with Pebble as its CA.
type haloy struct {
	o          options
	httpsPort  int
	dir        string         // holds haloy.yaml files and Pebble's minica root
	roots      *x509.CertPool // Pebble's issuing root
	deployedTo int            // apps deployed so far
}

// install refuses an engine that has Haloy already, runs docker haloy
// init on 127.0.0.1 and free ports, starts Pebble on the haloy network and
// runs init again with Pebble as the CA.
func install(ctx context.Context, o options) (*haloy, error) {
	if exec.Command("docker", "inspect", "haloy-sidecar").Run() == nil {
		return nil, fmt.Errorf("this engine runs Haloy already (container haloy-sidecar); the bench installs and removes its own, so run it on an engine without one")
	}
	dir, err := os.MkdirTemp("", "haloy-certbench-")
	if err != nil {
		return nil, err
	}
	h := &haloy{o: o, dir: dir}
	if err := h.setUp(ctx); err != nil {
		h.teardown()
		return nil, err
	}
	fmt.Printf("Haloy installed with Pebble as its CA, HTTPS on 127.0.0.1:%d\n", h.httpsPort)
	return h, nil
}

// setUp runs init, starts Pebble, runs init with Pebble and reads its root.
func (h *haloy) setUp(ctx context.Context) error {
	httpPort, err := benchhost.FreePort()
	if err != nil {
		return err
	}
	if h.httpsPort, err = benchhost.FreePort(); err != nil {
		return err
	}
	args := []string{"init", "--publish-addr", "127.0.0.1", "--http-port", fmt.Sprint(httpPort), "--https-port", fmt.Sprint(h.httpsPort),
		"--sidecar-image", h.o.sidecarImage, "--haproxy-image", h.o.haproxyImage}
	if _, err := h.run(ctx, args...); err != nil {
		return err
	}
	minica, err := startPebble(ctx, h.o, h.dir)
	if err != nil {
		return err
	}
	if h.roots, err = pebbleRoots(ctx, minica); err != nil {
		return err
	}
	_, err = h.run(ctx, append(args, "--acme-ca", pebbleDirectory, "--acme-ca-root", minica, "--acme-email", "bench@example.com")...)
	return err
}

// issuance is how long one app waited for its certificate.
type issuance struct {
	fromStart   time.Duration // container started -> trusted certificate served
	fromCreated time.Duration // container created -> trusted certificate served
}

// measure deploys app number i with a new domain and returns the times
// from its container's creation and start to the first trusted
// certificate served.
func (h *haloy) measure(ctx context.Context, i int) (issuance, error) {
	app := fmt.Sprintf("%s%d", appPrefix, i)
	domain := app + ".pebble.test"
	file := filepath.Join(h.dir, app+".yaml")
	if err := os.WriteFile(file, []byte(h.appYAML(app, domain)), 0o644); err != nil {
		return issuance{}, err
	}
	h.deployedTo = i
	served := make(chan time.Time, 1)
	waitCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	go func() { served <- h.waitTrusted(waitCtx, domain) }()
	if _, err := h.run(ctx, "deploy", file); err != nil {
		return issuance{}, err
	}
	at := <-served
	if at.IsZero() {
		return issuance{}, fmt.Errorf("no trusted certificate for %s within 2 minutes", domain)
	}
	created, started, err := containerTimes(ctx, app)
	if err != nil {
		return issuance{}, err
	}
	return issuance{fromStart: at.Sub(started), fromCreated: at.Sub(created)}, nil
}

// waitTrusted polls HAProxy's HTTPS port with SNI domain every 20 ms and
// returns when it first presented a certificate trusted by Pebble's root
// (zero when ctx ends first).
func (h *haloy) waitTrusted(ctx context.Context, domain string) time.Time {
	cfg := &tls.Config{ServerName: domain, RootCAs: h.roots}
	addr := fmt.Sprintf("127.0.0.1:%d", h.httpsPort)
	for ctx.Err() == nil {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr, cfg)
		if err == nil {
			at := time.Now()
			conn.Close()
			return at
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Time{}
}

// appYAML is one bench app: one replica serving domain (and its alias).
func (h *haloy) appYAML(app, domain string) string {
	repo, tag, _ := strings.Cut(h.o.image, ":")
	aliases := ""
	if h.o.alias {
		aliases = "\n    aliases: [www." + domain + "]"
	}
	return fmt.Sprintf(`name: %s
source:
  image: {repository: %s, tag: %s}
domains:
  - domain: %s%s
healthCheckPath: /healthz
`, app, repo, tag, domain, aliases)
}

// printSidecarTimes prints the sidecar's log lines of obtained
// certificates: how long each order took at the CA.
func (h *haloy) printSidecarTimes(ctx context.Context) {
	out, _ := dockerCmd(ctx, "logs", "haloy-sidecar")
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "certificate obtained") {
			fmt.Println("sidecar:", line)
		}
	}
}

// containerTimes is when app's first container was created and started.
func containerTimes(ctx context.Context, app string) (created, started time.Time, err error) {
	out, err := dockerCmd(ctx, "ps", "-q", "--filter", "label=dev.haloy.appName="+app)
	if err != nil {
		return created, started, err
	}
	ids := strings.Fields(out)
	if len(ids) == 0 {
		return created, started, fmt.Errorf("no running container of %s", app)
	}
	out, err = dockerCmd(ctx, "inspect", "-f", "{{.Created}} {{.State.StartedAt}}", ids[0])
	if err != nil {
		return created, started, err
	}
	fields := strings.Fields(out)
	if len(fields) != 2 {
		return created, started, fmt.Errorf("inspect of %s: %q", ids[0], out)
	}
	if created, err = time.Parse(time.RFC3339Nano, fields[0]); err == nil {
		started, err = time.Parse(time.RFC3339Nano, fields[1])
	}
	return created, started, err
}

// run runs docker haloy args... and returns its combined output.
func (h *haloy) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+h.o.dockerConfig)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("docker haloy %s: %w\n%s", args[0], err, out)
	}
	return string(out), nil
}

// teardown removes every container, network and volume the bench made.
func (h *haloy) teardown() {
	filters := []string{"label=com.docker.compose.project=haloy"}
	for i := 1; i <= h.deployedTo; i++ {
		filters = append(filters, fmt.Sprintf("label=dev.haloy.appName=%s%d", appPrefix, i),
			fmt.Sprintf("name=haloy-deploy-lock-%s%d", appPrefix, i))
	}
	benchhost.Teardown(h.dir, []string{pebbleContainer, challSrvContainer}, filters...)
}

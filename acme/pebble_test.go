package acme

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// Pebble test harness: a Pebble ACME server and its pebble-challtestsrv DNS
// server on loopback, plus an HTTP server answering HTTP-01 challenges
// from an HTTPProvider on the port Pebble validates against.

// pebbleVersion is the version installed with
// go install github.com/letsencrypt/pebble/v2/cmd/pebble@v2.10.3 (and cmd/pebble-challtestsrv).
const pebbleVersion = "v2.10.3"

// pebbleEnv is a running Pebble.
type pebbleEnv struct {
	// DirectoryURL is Pebble's ACME directory.
	DirectoryURL string
	// CACertFile trusts Pebble's HTTPS endpoints (pebble.minica.pem).
	CACertFile string
	// Provider answers the HTTP-01 challenges Pebble validates.
	Provider *HTTPProvider
	// TLSALPN answers the TLS-ALPN-01 challenges Pebble validates.
	TLSALPN *TLSALPNProvider
	// HTTPHits counts the requests to the HTTP-01 challenge server.
	HTTPHits atomic.Int64

	mgmtURL      string       // Pebble management interface (roots, set-renewal-info)
	challMgmtURL string       // pebble-challtestsrv management interface (DNS records)
	client       *http.Client // trusts CACertFile
	challenges   *http.Server
	stopALPN     context.CancelFunc // ends TLSALPN's listener
	procs        []*proc
	pebble       *proc // the Pebble server, restarted by restartPebble
	dir          string
}

// proc is a started server.
type proc struct {
	cmd  *exec.Cmd
	env  []string      // the variables added to the environment
	done chan struct{} // closed when it has exited
}

// startPebble starts pebble-challtestsrv, Pebble and the challenge server.
// It fails when the binaries are not installed.
func startPebble() (_ *pebbleEnv, err error) {
	bin, modDir, err := pebblePaths()
	if err != nil {
		return nil, err
	}
	env := &pebbleEnv{Provider: new(HTTPProvider), TLSALPN: new(TLSALPNProvider), CACertFile: filepath.Join(modDir, "test/certs/pebble.minica.pem")}
	defer func() {
		if err != nil {
			env.stop()
		}
	}()
	if env.dir, err = os.MkdirTemp("", "haloy-pebble-"); err != nil {
		return nil, err
	}
	if env.client, err = trustingClient(env.CACertFile); err != nil {
		return nil, err
	}
	httpPort, err := env.serveChallenges()
	if err != nil {
		return nil, err
	}
	tlsPort, err := env.serveTLSALPN()
	if err != nil {
		return nil, err
	}
	dnsAddr, err := env.startChallTestSrv(bin)
	if err != nil {
		return nil, err
	}
	return env, env.startPebbleServer(bin, modDir, httpPort, tlsPort, dnsAddr)
}

// pebblePaths returns the directory of the installed binaries and the
// pebble module's source directory (for its test certificates).
func pebblePaths() (bin, modDir string, err error) {
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH", "GOMODCACHE").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env: %w", err)
	}
	v := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(v) != 3 {
		return "", "", fmt.Errorf("go env printed %q", out)
	}
	bin = v[0]
	if bin == "" {
		bin = filepath.Join(filepath.SplitList(v[1])[0], "bin")
	}
	modDir = filepath.Join(v[2], "github.com/letsencrypt/pebble/v2@"+pebbleVersion)
	for _, f := range []string{filepath.Join(bin, "pebble"), filepath.Join(bin, "pebble-challtestsrv"), filepath.Join(modDir, "test/certs/localhost/cert.pem")} {
		if _, err := os.Stat(f); err != nil {
			return "", "", fmt.Errorf("%w; install Pebble with: go install github.com/letsencrypt/pebble/v2/cmd/pebble@%s github.com/letsencrypt/pebble/v2/cmd/pebble-challtestsrv@%s",
				err, pebbleVersion, pebbleVersion)
		}
	}
	return bin, modDir, nil
}

// trustingClient returns an HTTP client trusting only the PEM roots in file.
func trustingClient(file string) (*http.Client, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificate in %s", file)
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}, nil
}

// serveChallenges serves Provider on 127.0.0.1 and returns the port.
func (e *pebbleEnv) serveChallenges() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	mux := http.NewServeMux()
	mux.Handle(ChallengePathPrefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.HTTPHits.Add(1)
		e.Provider.ServeHTTP(w, r)
	}))
	e.challenges = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go e.challenges.Serve(l)
	return l.Addr().(*net.TCPAddr).Port, nil
}

// serveTLSALPN serves TLSALPN on 127.0.0.1 and returns the port.
func (e *pebbleEnv) serveTLSALPN() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.stopALPN = cancel
	go e.TLSALPN.Serve(ctx, l, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startChallTestSrv starts the DNS server (A queries answer 127.0.0.1,
// no AAAA) with only its management interface besides; it returns the
// DNS address.
func (e *pebbleEnv) startChallTestSrv(bin string) (string, error) {
	dns, mgmt := freeAddr(), freeAddr()
	e.challMgmtURL = "http://" + mgmt
	_, err := e.start(filepath.Join(bin, "pebble-challtestsrv"), nil,
		"-defaultIPv4", "127.0.0.1", "-defaultIPv6=", "-dnsserver", dns, "-management", mgmt,
		"-http01=", "-https01=", "-tlsalpn01=", "-doh=")
	if err != nil {
		return "", err
	}
	return dns, e.waitReady(e.challMgmtURL + "/")
}

// startPebbleServer writes Pebble's configuration and starts it.
func (e *pebbleEnv) startPebbleServer(bin, modDir string, httpPort, tlsPort int, dnsAddr string) error {
	listen, mgmt := freeAddr(), freeAddr()
	e.DirectoryURL, e.mgmtURL = "https://"+listen+"/dir", "https://"+mgmt
	config := map[string]any{"pebble": map[string]any{
		"listenAddress":           listen,
		"managementListenAddress": mgmt,
		"certificate":             filepath.Join(modDir, "test/certs/localhost/cert.pem"),
		"privateKey":              filepath.Join(modDir, "test/certs/localhost/key.pem"),
		"httpPort":                httpPort,
		"tlsPort":                 tlsPort,
		"ocspResponderURL":        "",
		"retryAfter":              map[string]int{"authz": 1, "order": 1},
		"keyAlgorithm":            "ecdsa",
		"profiles": map[string]any{"default": map[string]any{
			"description": "90 days", "validityPeriod": 90 * 24 * 3600}},
	}}
	data, _ := json.MarshalIndent(config, "", "  ")
	path := filepath.Join(e.dir, "pebble-config.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	var err error
	e.pebble, err = e.start(filepath.Join(bin, "pebble"), []string{"PEBBLE_VA_NOSLEEP=1", "PEBBLE_VA_ALWAYS_VALID=0"},
		"-config", path, "-dnsserver", dnsAddr)
	if err != nil {
		return err
	}
	return e.waitReady(e.DirectoryURL)
}

// restartPebble kills Pebble and starts it again with the same
// configuration: same directory URL, but no accounts, orders or
// certificates (Pebble keeps its state in memory) and a new root.
func (e *pebbleEnv) restartPebble() error {
	old := e.pebble
	_ = old.cmd.Process.Kill()
	<-old.done
	p, err := e.start(old.cmd.Path, old.env, old.cmd.Args[1:]...)
	if err != nil {
		return err
	}
	e.pebble = p
	return e.waitReady(e.DirectoryURL)
}

// start runs a binary with its output appended to a log file under e.dir.
func (e *pebbleEnv) start(path string, env []string, args ...string) (*proc, error) {
	logFile, err := os.OpenFile(filepath.Join(e.dir, filepath.Base(path)+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	configureChild(cmd)
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	p := &proc{cmd: cmd, env: env, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logFile.Close(); close(p.done) }()
	e.procs = append(e.procs, p)
	return p, nil
}

// waitReady polls url until it answers, for at most 20 seconds.
func (e *pebbleEnv) waitReady(url string) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := e.client.Get(url)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer: %w\n%s", url, err, e.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logs returns the output of the started servers, for failure messages.
func (e *pebbleEnv) logs() string {
	var b strings.Builder
	matches, _ := filepath.Glob(filepath.Join(e.dir, "*.log"))
	for _, m := range matches {
		data, _ := os.ReadFile(m)
		fmt.Fprintf(&b, "--- %s\n%s", filepath.Base(m), data)
	}
	return b.String()
}

// stop ends the servers and removes the configuration.
func (e *pebbleEnv) stop() {
	for _, p := range e.procs {
		_ = p.cmd.Process.Kill()
	}
	if e.challenges != nil {
		_ = e.challenges.Close()
	}
	if e.stopALPN != nil {
		e.stopALPN()
	}
	if e.dir != "" {
		_ = os.RemoveAll(e.dir)
	}
}

// addA makes the DNS server answer A queries for host with addrs.
func (e *pebbleEnv) addA(host string, addrs ...string) error {
	return e.post(e.challMgmtURL+"/add-a", map[string]any{"host": host, "addresses": addrs})
}

// setRenewalInfo makes Pebble answer renewal-info requests for the
// certificate leafPEM with the window [start, end].
func (e *pebbleEnv) setRenewalInfo(leafPEM []byte, start, end time.Time) error {
	ari, _ := json.Marshal(map[string]any{"suggestedWindow": map[string]time.Time{"start": start, "end": end}})
	return e.post(e.mgmtURL+"/set-renewal-info/", map[string]string{"certificate": string(leafPEM), "ariResponse": string(ari)})
}

// issuingRoots returns the root Pebble issues under (fresh at every start).
func (e *pebbleEnv) issuingRoots() (*x509.CertPool, error) {
	resp, err := e.client.Get(e.mgmtURL + "/roots/0")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	pem, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if resp.StatusCode != http.StatusOK || !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("GET /roots/0: %s: %s", resp.Status, pem)
	}
	return pool, nil
}

// post sends body as JSON and expects 200.
func (e *pebbleEnv) post(url string, body any) error {
	data, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return err
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return errors.New("POST " + url + ": " + resp.Status + ": " + string(msg))
	}
	return nil
}

// freeAddr returns a loopback address with a port that was free just now.
func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

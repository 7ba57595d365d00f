package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/reconcile"
)

// Images the tests run; scripts/build-images.sh builds them locally.
const (
	sidecarImage = "haloydev/haloy-sidecar:dev"
	haproxyImage = "haproxy:3.2"
)

// env is what TestMain prepared: the repository root, a DOCKER_CONFIG with
// the freshly built plugin, and HAProxy's published port on 127.0.0.1.
var env struct {
	enabled      bool
	root         string
	dockerConfig string
	httpPort     int
	httpsPort    int
	initArgs     []string // the arguments of the harness's docker haloy init
	metricsPort  int      // the sidecar's metrics; HAProxy's exporter is on metricsPort+1
}

func TestMain(m *testing.M) {
	if os.Getenv("HALOY_INTEGRATION") != "1" {
		fmt.Println("integration tests need HALOY_INTEGRATION=1 and a Docker Engine; skipping")
		os.Exit(m.Run())
	}
	env.enabled = true
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "integration setup failed:", err)
		stopNode()
		os.Exit(1)
	}
	code := m.Run()
	teardown()
	stopSwarm()
	stopNode()
	os.Exit(code)
}

func setup() error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	env.root = root
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		return fmt.Errorf("no Docker Engine reachable: %v: %s", err, out)
	}
	if out, err := exec.Command("bash", filepath.Join(root, "scripts/build-images.sh"), "all").CombinedOutput(); err != nil {
		return fmt.Errorf("building images: %v\n%s", err, out)
	}
	if env.dockerConfig, err = os.MkdirTemp("", "haloy-docker-config-"); err != nil {
		return err
	}
	plugin := filepath.Join(env.dockerConfig, "cli-plugins", "docker-haloy")
	build := exec.Command("go", "build", "-o", plugin, "./cli-plugin")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the plugin: %v\n%s", err, out)
	}
	ports, err := freePorts(4 + nodeSpares)
	if err != nil {
		return err
	}
	// HAProxy's exporter takes metricsPort+1, so the metrics pair is the
	// two consecutive ports.
	env.metricsPort, env.httpPort, env.httpsPort = ports[0], ports[2], ports[3]
	if image := os.Getenv(nodeEnv); image != "" {
		node.extra = ports[4:]
		if err := startNode(image, ports); err != nil {
			return err
		}
	}
	teardown() // leftovers of an interrupted run
	env.initArgs = []string{"init", "--publish-addr", publishAddr(), "--http-port", fmt.Sprint(env.httpPort),
		"--metrics-port", fmt.Sprint(env.metricsPort), "--https-port", fmt.Sprint(env.httpsPort),
		"--sidecar-image", sidecarImage, "--haproxy-image", haproxyImage,
		// Tests re-run init with these arguments to undo their changes:
		// --reset drops settings they added, --yes allows any of them.
		"--reset", "--yes"}
	out, err := runHaloy(env.initArgs...)
	if err != nil {
		return fmt.Errorf("docker haloy init: %v\n%s", err, out)
	}
	return nil
}

// teardown removes every container, network and volume Haloy or the tests made.
func teardown() {
	ids, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=dev.haloy.role").Output()
	infra, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=haloy").Output()
	all := strings.Fields(string(ids) + " " + string(infra))
	if len(all) > 0 {
		exec.Command("docker", append([]string{"rm", "-f"}, all...)...).Run()
	}
	exec.Command("docker", "network", "rm", "haloy").Run()
	exec.Command("docker", "volume", "rm", "haloy-haproxy", "haloy-sidecar-data").Run()
}

// requireEngine skips a test when integration tests are off.
func requireEngine(t *testing.T) {
	t.Helper()
	if !env.enabled {
		t.Skip("set HALOY_INTEGRATION=1 to run integration tests")
	}
}

// runHaloy runs `docker haloy args...` with the test's plugin.
func runHaloy(args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+env.dockerConfig)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// haloy runs `docker haloy args...` and fails the test if it fails.
func haloy(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runHaloy(args...)
	if err != nil {
		t.Fatalf("docker haloy %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// docker runs a docker command and fails the test if it fails.
func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// sidecarStatus reads the sidecar's status as the CLI does.
func sidecarStatus(t *testing.T) reconcile.Status {
	t.Helper()
	var st reconcile.Status
	out := haloy(t, "status", "--format", "json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("reading status JSON: %v\n%s", err, out)
	}
	return st
}

// tempFile writes a file under a fresh temporary folder and returns its path.
func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeFile(t, path, content)
	return path
}

// writeFile writes content to path.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// proxyClient sends requests to HAProxy's published port whatever the URL's host.
var proxyClient = &http.Client{
	Timeout: 5 * time.Second,
	Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", env.httpPort))
	}},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// tryGet requests url through HAProxy and returns the status, body and headers.
func tryGet(url string) (int, string, http.Header, error) {
	resp, err := proxyClient.Get(url)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	_, err = body.ReadFrom(resp.Body)
	return resp.StatusCode, body.String(), resp.Header, err
}

// get is tryGet failing the test on a transport error.
func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	code, body, h, err := tryGet(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return code, body, h
}

// eventually retries check until it returns nil or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		if err = check(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s: %v", what, timeout, err)
}

// freePorts returns n ports free on 127.0.0.1, the first two consecutive,
// all held until every one is found so none is returned twice.
func freePorts(n int) ([]int, error) {
	var held []net.Listener
	defer func() {
		for _, ln := range held {
			ln.Close()
		}
	}()
	listen := func(port int) (int, error) {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return 0, err
		}
		held = append(held, ln)
		return ln.Addr().(*net.TCPAddr).Port, nil
	}
	var ports []int
	for len(ports) < 2 {
		first, err := listen(0)
		if err != nil {
			return nil, err
		}
		if _, err := listen(first + 1); err == nil {
			ports = []int{first, first + 1}
		}
	}
	for len(ports) < n {
		p, err := listen(0)
		if err != nil {
			return nil, err
		}
		ports = append(ports, p)
	}
	return ports, nil
}

// pluginConfig is a fresh DOCKER_CONFIG folder holding the test's plugin.
func pluginConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	plugin, err := os.ReadFile(filepath.Join(env.dockerConfig, "cli-plugins", "docker-haloy"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "cli-plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cli-plugins", "docker-haloy"), plugin, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

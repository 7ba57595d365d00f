package integration

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// transferNode is the node TestCopyImageFromLocalEngine deploys to (not
// nodeName: the harness's node may run beside it).
const transferNode = "haloy-transfer-node"

// transferTarget is a Docker context for a node, in a DOCKER_CONFIG of its own.
type transferTarget struct {
	cfg, context string
	httpPort     int
}

// startTransferNode starts transferNode publishing HAProxy's HTTP port on
// 127.0.0.1, and a Docker context "haloy-transfer" pointing at it; both are
// removed when the test ends.
func startTransferNode(t *testing.T) *transferTarget {
	t.Helper()
	if out, err := exec.Command("bash", filepath.Join(env.root, "scripts/build-images.sh"), "docker").CombinedOutput(); err != nil {
		t.Fatalf("building the node image: %v\n%s", err, out)
	}
	ports, err := freePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(env.root, "scripts/docker-node.sh")
	exec.Command("bash", script, "rm", transferNode).Run() // a leftover of an interrupted run
	out, err := exec.Command("bash", script, "up", transferNode, "-p", fmt.Sprintf("127.0.0.1:%d:%d", ports[0], ports[0])).Output()
	if err != nil {
		t.Fatalf("starting node %s: %v\n%s", transferNode, err, out)
	}
	t.Cleanup(func() { exec.Command("bash", script, "rm", transferNode).Run() })
	tt := &transferTarget{cfg: pluginConfig(t), context: "haloy-transfer", httpPort: ports[0]}
	dockerWithConfig(t, tt.cfg, "context", "create", tt.context, "--docker", "host="+strings.TrimSpace(string(out)))
	return tt
}

// haloy runs docker --context <node> haloy args... on the node.
func (tt *transferTarget) haloy(args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"--context", tt.context, "haloy"}, args...)...)
	cmd.Env = append(withDockerHost(os.Environ(), ""), "DOCKER_CONFIG="+tt.cfg)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// docker runs docker --context <node> args... and returns its output.
func (tt *transferTarget) docker(args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"--context", tt.context}, args...)...)
	cmd.Env = append(withDockerHost(os.Environ(), ""), "DOCKER_CONFIG="+tt.cfg)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// version returns the version app answers with through the node's HAProxy.
func (tt *transferTarget) version(app string) (string, error) {
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/", tt.httpPort), nil)
	if err != nil {
		return "", err
	}
	req.Host = app + ".example.test"
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("GET / = %d %q", resp.StatusCode, body.String())
	}
	return field(body.String(), "version"), nil
}

// buildHostApp builds the test app as ref on this machine's engine only.
func buildHostApp(t *testing.T, ref, version string) {
	t.Helper()
	if out, err := exec.Command("bash", filepath.Join(env.root, "scripts/build-images.sh"), "testapp", ref, "APP_VERSION="+version).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", ref, err, out)
	}
}

// TestCopyImageFromLocalEngine: with --copy-image-from default, init and
// deploy on an engine without a registry (a Docker 26.1 node) copy the
// images only this machine's engine has; an image the node has under the
// same id is not copied again, a rebuilt tag is; the node loads only the
// layers it lacks (but receives all); an image neither engine has is
// refused naming both, and the serving version keeps serving.
func TestCopyImageFromLocalEngine(t *testing.T) {
	requireEngine(t)
	if inNode() {
		t.Skip("the harness runs on a node: this test starts its own from the host engine")
	}
	tt := startTransferNode(t)
	const repo = "haloy-test/transfer-app"
	t.Cleanup(func() { exec.Command("docker", "image", "rm", repo+":t1").Run() })

	out, err := tt.haloy("init", "--copy-image-from", "default", "--pull", "never", "--publish-addr", "0.0.0.0",
		"--http-port", fmt.Sprint(tt.httpPort), "--https-port", fmt.Sprint(tt.httpPort+1),
		"--sidecar-image", sidecarImage, "--haproxy-image", haproxyImage)
	if err != nil {
		t.Fatalf("init on the node copying its images: %v\n%s", err, out)
	}
	t.Logf("init copying its images:\n%s", out)
	for _, ref := range []string{sidecarImage, haproxyImage} {
		if !strings.Contains(out, "copying "+ref+` from context "default"`) {
			t.Errorf("init's output lacks the copy of %s:\n%s", ref, out)
		}
	}

	buildHostApp(t, repo+":t1", "transfer-1")
	if out, err := tt.docker("image", "inspect", repo+":t1"); err == nil {
		t.Fatalf("the node has %s before the deploy:\n%s", repo+":t1", out)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "haloy.yaml")
	writeFile(t, file, appYAML("xfer", repo, "t1", 1))
	deploy := func(what string) string {
		t.Helper()
		out, err := tt.haloy("deploy", "--copy-image-from", "default", "--pull", "never", file)
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
		t.Logf("%s:\n%s", what, out)
		return out
	}
	wantVersion := func(want string) {
		t.Helper()
		for range 10 {
			if got, err := tt.version("xfer"); err != nil || got != want {
				t.Fatalf("the node's app answers %q, %v; want version %s", got, err, want)
			}
		}
	}

	out = deploy("first deploy, copying the image")
	for _, w := range []string{"copying " + repo + `:t1 from context "default"`, `to context "haloy-transfer"`, "Loaded image: " + repo + ":t1", "copied "} {
		if !strings.Contains(out, w) {
			t.Errorf("the deploy's output lacks %q", w)
		}
	}
	wantVersion("transfer-1")

	if out = deploy("second deploy, same image"); strings.Contains(out, "copying ") {
		t.Errorf("the node has the image under the same id, yet it was copied again:\n%s", out)
	}
	wantVersion("transfer-1")

	buildHostApp(t, repo+":t1", "transfer-2")
	if out = deploy("deploy of the rebuilt tag"); !strings.Contains(out, "copying "+repo+":t1") {
		t.Errorf("the tag was rebuilt on the source, yet it was not copied:\n%s", out)
	}
	wantVersion("transfer-2")

	// An image on top of one the node has: the archive carries both
	// layers (docker save exports whole images), the node loads only the
	// new one.
	t.Cleanup(func() { exec.Command("docker", "image", "rm", repo+":layered").Run() })
	build := exec.Command("docker", "build", "-q", "-t", repo+":layered", "-")
	build.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	build.Stdin = strings.NewReader("FROM " + repo + ":t1\nLABEL layered=1\nCOPY Dockerfile /layered\n")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", repo+":layered", err, out)
	}
	writeFile(t, file, appYAML("xfer", repo, "layered", 1))
	out = deploy("deploy of an image one layer above the node's")
	if n := strings.Count(out, ": Loading layer"); n != 1 {
		t.Errorf("the node loaded %d layers, want 1 (the one it lacked)", n)
	}
	if !strings.Contains(out, "copied 6.") {
		t.Errorf("want the whole image sent (6.xMB, both layers): docker save exports whole images")
	}
	wantVersion("transfer-2")

	writeFile(t, file, appYAML("xfer", repo, "absent", 1))
	out, err = tt.haloy("deploy", "--copy-image-from", "default", "--pull", "never", file)
	wantRefused(t, "deploy of an image neither engine has", out, err,
		repo+":absent", `the target engine (context "haloy-transfer"`, `the source engine (context "default"`, "image not found on the engine")
	wantVersion("transfer-2")

	out, err = tt.haloy("deploy", "--copy-image-from", "no-such-context", file)
	wantRefused(t, "deploy copying from an unknown context", out, err, "--copy-image-from no-such-context: no such Docker context", "docker context ls")
	out, err = tt.haloy("deploy", "--copy-image-from", "default", "--pull", "always", file)
	wantRefused(t, "deploy with --pull always and a copy", out, err, "--pull always and --copy-image-from default")
	wantVersion("transfer-2")
}

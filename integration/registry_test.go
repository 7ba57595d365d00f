package integration

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// registryImage is Debian's reference registry, built by
// scripts/build-images.sh registry.
const registryImage = "haloy/registry:2.8"

// testRegistry is a registry container with htpasswd authentication,
// published on 127.0.0.1 (which the engine treats as insecure: no TLS).
type testRegistry struct {
	host     string // 127.0.0.1:<port>
	user     string
	password string
}

// startRegistry builds and starts the registry with one user, and removes
// it when the test ends.
func startRegistry(t *testing.T) *testRegistry {
	t.Helper()
	if out, err := exec.Command("bash", filepath.Join(env.root, "scripts/build-images.sh"), "registry").CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", registryImage, err, out)
	}
	r := &testRegistry{user: "deployer", password: "correct-horse"}
	hash, err := bcrypt.GenerateFromPassword([]byte(r.password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "htpasswd"), r.user+":"+string(hash)+"\n")
	const name = "haloy-test-registry"
	exec.Command("docker", "rm", "-f", name).Run() // a leftover of an interrupted run
	docker(t, "run", "-d", "--name", name, "-p", "127.0.0.1::5000", "-v", dir+":/auth:ro", registryImage)
	r.host = strings.TrimSpace(docker(t, "port", name, "5000/tcp"))
	t.Cleanup(func() {
		exec.Command("docker", "rm", "-f", name).Run()
		r.removeImages()
	})
	eventually(t, 10*time.Second, "the registry answers", func() error {
		resp, err := http.Get("http://" + r.host + "/v2/")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			return fmt.Errorf("GET /v2/ = %d, want 401 (authentication on)", resp.StatusCode)
		}
		return nil
	})
	return r
}

// removeImages removes every image tag under the registry's name (pulled
// images and the deployments' <repository>:<id> tags), once no container
// uses them.
func (r *testRegistry) removeImages() {
	out, _ := exec.Command("docker", "images", "--format", "{{.Repository}}:{{.Tag}}").Output()
	for _, ref := range strings.Fields(string(out)) {
		if strings.HasPrefix(ref, r.host+"/") {
			exec.Command("docker", "image", "rm", ref).Run()
		}
	}
}

// dockerConfig is a DOCKER_CONFIG folder holding the test's plugin and,
// when auth is not empty, these credentials for the registry.
func (r *testRegistry) dockerConfig(t *testing.T, user, password string) string {
	t.Helper()
	dir := pluginConfig(t)
	if user == "" {
		return dir
	}
	// docker login refuses a wrong password, so a stale one (a changed
	// password, an expired token) is written as docker login would store it.
	auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	writeFile(t, filepath.Join(dir, "config.json"), fmt.Sprintf(`{"auths": {%q: {"auth": %q}}}`, r.host, auth))
	return dir
}

// login runs docker login into a fresh DOCKER_CONFIG and returns it.
func (r *testRegistry) login(t *testing.T) string {
	t.Helper()
	cfg := r.dockerConfig(t, "", "")
	cmd := exec.Command("docker", "login", "-u", r.user, "--password-stdin", r.host)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+cfg)
	cmd.Stdin = strings.NewReader(r.password)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker login %s: %v\n%s", r.host, err, out)
	}
	return cfg
}

// push builds a test app image of version, pushes it as ref (a name under
// the registry) and removes every local tag of it, so the engine lacks it.
func (r *testRegistry) push(t *testing.T, cfg, ref, version string) {
	t.Helper()
	local := "haloy-test/registry-app:" + version
	if out, err := exec.Command("bash", filepath.Join(env.root, "scripts/build-images.sh"), "testapp", local, "APP_VERSION="+version).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", local, err, out)
	}
	docker(t, "tag", local, ref)
	dockerWithConfig(t, cfg, "push", ref)
	docker(t, "image", "rm", local, ref)
}

// dockerWithConfig runs a docker command with DOCKER_CONFIG=cfg.
func dockerWithConfig(t *testing.T, cfg string, args ...string) string {
	t.Helper()
	cmd := exec.Command("docker", args...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+cfg)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// runHaloyWithConfig runs docker haloy args... with DOCKER_CONFIG=cfg.
func runHaloyWithConfig(cfg string, args ...string) (string, error) {
	cmd := exec.Command("docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+cfg)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// wantRefused checks that a docker haloy command failed with a message
// naming every one of wants.
func wantRefused(t *testing.T, what, out string, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded, want it refused:\n%s", what, out)
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s: the output lacks %q:\n%s", what, w, out)
		}
	}
}

// imageMissing fails the test when the engine has image ref.
func imageMissing(t *testing.T, ref string) {
	t.Helper()
	if err := exec.Command("docker", "image", "inspect", ref).Run(); err == nil {
		t.Fatalf("the engine has %s, want it missing", ref)
	}
}

// TestDeployPullsFromAuthenticatedRegistry: deploy pulls an image the
// engine lacks with the credentials of docker login; wrong or missing
// credentials are refused naming the image, the registry and the fix, and
// the serving deployment keeps serving; --pull never and --pull always do
// what they say.
func TestDeployPullsFromAuthenticatedRegistry(t *testing.T) {
	requireEngine(t)
	r := startRegistry(t)
	good := r.login(t)
	repo := r.host + "/haloy-test/registry-app"
	r.push(t, good, repo+":v1", "registry-v1")
	r.push(t, good, repo+":v2", "registry-v2")
	imageMissing(t, repo+":v1")
	t.Cleanup(func() { runHaloy("stop", "regapp") })
	dir := t.TempDir()
	file := filepath.Join(dir, "haloy.yaml")

	writeFile(t, file, appYAML("regapp", repo, "v1", 1))
	out, err := runHaloyWithConfig(good, "deploy", file)
	if err != nil {
		t.Fatalf("deploy from the registry: %v\n%s", err, out)
	}
	t.Logf("deploy pulling from the registry:\n%s", out)
	for _, w := range []string{"pulling " + repo + ":v1 from " + r.host, "Status: Downloaded newer image for " + repo + ":v1"} {
		if !strings.Contains(out, w) {
			t.Errorf("the deploy's output lacks %q:\n%s", w, out)
		}
	}
	requireVersion(t, "regapp", "registry-v1")
	first := deployedID(t, out)
	serving := appContainers(t, "regapp")

	writeFile(t, file, appYAML("regapp", repo, "v2", 1))
	out, err = runHaloyWithConfig(r.dockerConfig(t, r.user, "wrong-password"), "deploy", file)
	wantRefused(t, "deploy with a wrong password", out, err,
		repo+":v2", "registry "+r.host, "refused the credentials", "docker login "+r.host, "serving deployment is unchanged")
	t.Logf("deploy with a wrong password:\n%s", out)
	out, err = runHaloyWithConfig(r.dockerConfig(t, "", ""), "deploy", file)
	wantRefused(t, "deploy without credentials", out, err,
		repo+":v2", "registry "+r.host, "none are stored", "docker login "+r.host)
	out, err = runHaloyWithConfig(good, "deploy", "--pull", "never", file)
	wantRefused(t, "deploy --pull never", out, err, "image not found on the engine: "+repo+":v2", "--pull missing")
	requireVersion(t, "regapp", "registry-v1")
	if got := appContainers(t, "regapp"); strings.Join(got, " ") != strings.Join(serving, " ") {
		t.Errorf("refused deploys changed the app's containers: %v, were %v", got, serving)
	}
	imageMissing(t, repo+":v2")

	out, err = runHaloyWithConfig(good, "deploy", file)
	if err != nil {
		t.Fatalf("deploy v2 from the registry: %v\n%s", err, out)
	}
	requireVersion(t, "regapp", "registry-v2")

	// Move the tag v2 in the registry; the engine keeps the old v2, so
	// only --pull always follows the move.
	old := strings.TrimSpace(docker(t, "image", "inspect", "-f", "{{.Id}}", repo+":v2"))
	r.push(t, good, repo+":v2", "registry-v2b")
	docker(t, "tag", old, repo+":v2")
	out, err = runHaloyWithConfig(good, "deploy", "--pull", "always", file)
	if err != nil {
		t.Fatalf("deploy --pull always: %v\n%s", err, out)
	}
	requireVersion(t, "regapp", "registry-v2b")

	// A rollback whose deployment tag is gone from the engine looks for it
	// in the registry, which never had it: refused, v2b keeps serving.
	docker(t, "image", "rm", repo+":v1", repo+":"+first)
	out, err = runHaloyWithConfig(good, "rollback", "regapp", first)
	wantRefused(t, "rollback to a removed image", out, err, repo+":"+first, "registry "+r.host, "no such image")
	requireVersion(t, "regapp", "registry-v2b")
}

// TestInitPullsFromAuthenticatedRegistry: init pulls an HAProxy image the
// engine lacks with the user's credentials; refused with wrong ones, with
// nothing replaced.
func TestInitPullsFromAuthenticatedRegistry(t *testing.T) {
	requireEngine(t)
	r := startRegistry(t)
	good := r.login(t)
	ref := r.host + "/haloy-test/haproxy:3.2"
	docker(t, "tag", haproxyImage, ref)
	dockerWithConfig(t, good, "push", ref)
	docker(t, "image", "rm", ref)
	t.Cleanup(func() {
		if out, err := runHaloy(env.initArgs...); err != nil {
			t.Errorf("restoring the harness's init: %v\n%s", err, out)
		}
		exec.Command("docker", "image", "rm", ref).Run()
	})
	args := append(append([]string{}, env.initArgs...), "--haproxy-image", ref)
	before := strings.TrimSpace(docker(t, "inspect", "-f", "{{.Id}}", "haloy-haproxy"))

	out, err := runHaloyWithConfig(r.dockerConfig(t, r.user, "wrong-password"), args...)
	wantRefused(t, "init with a wrong password", out, err, ref, "registry "+r.host, "refused the credentials", "docker login "+r.host, "nothing was changed")
	if after := strings.TrimSpace(docker(t, "inspect", "-f", "{{.Id}}", "haloy-haproxy")); after != before {
		t.Errorf("a refused init replaced HAProxy (%s, was %s)", after, before)
	}

	out, err = runHaloyWithConfig(good, args...)
	if err != nil {
		t.Fatalf("init pulling HAProxy: %v\n%s", err, out)
	}
	if !strings.Contains(out, "pulling "+ref+" from "+r.host) {
		t.Errorf("init's output does not show the pull:\n%s", out)
	}
	if img := strings.TrimSpace(docker(t, "inspect", "-f", "{{.Config.Image}}", "haloy-haproxy")); img != ref {
		t.Errorf("HAProxy runs %s, want %s", img, ref)
	}
}

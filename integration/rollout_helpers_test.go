package integration

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// appYAML is a haloy.yaml for app name serving <name>.example.test from
// repository:tag, with extra lines appended.
func appYAML(name, repository, tag string, replicas int, extra ...string) string {
	return fmt.Sprintf(`name: %s
source:
  image:
    repository: %s
    tag: %s
domains:
  - %s.example.test
replicas: %d
healthCheckPath: /healthz
%s`, name, repository, tag, name, replicas, strings.Join(extra, ""))
}

// deployFile writes content to dir/haloy.yaml and runs docker haloy deploy on it.
func deployFile(t *testing.T, dir, content string) (string, error) {
	t.Helper()
	file := filepath.Join(dir, "haloy.yaml")
	writeFile(t, file, content)
	return runHaloy("deploy", file)
}

var servingLine = regexp.MustCompile(`deployment (\d{14}) is serving`)

// deployedID is the deployment id a successful deploy printed.
func deployedID(t *testing.T, out string) string {
	t.Helper()
	m := servingLine.FindAllStringSubmatch(out, -1)
	if m == nil {
		t.Fatalf("no deployment id in the deploy's output:\n%s", out)
	}
	return m[len(m)-1][1]
}

// requireVersion checks that 20 requests in a row to app get version want.
func requireVersion(t *testing.T, app, want string) {
	t.Helper()
	for range 20 {
		code, body, _ := get(t, "http://"+app+".example.test/")
		if code != 200 || field(body, "version") != want {
			t.Fatalf("GET %s = %d %q, want version %s", app, code, body, want)
		}
	}
}

// appContainers lists name and deployment id of every container of app.
func appContainers(t *testing.T, app string) []string {
	t.Helper()
	out := docker(t, "ps", "-a", "--filter", "label=dev.haloy.appName="+app, "--format", `{{.Names}} {{.Label "dev.haloy.deployment-id"}} {{.State}}`)
	return strings.Fields(strings.ReplaceAll(strings.TrimSpace(out), " ", "|"))
}

// deploymentIDsOf is the set of deployment ids among app's containers.
func deploymentIDsOf(t *testing.T, app string) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, c := range appContainers(t, app) {
		ids[strings.Split(c, "|")[1]]++
	}
	return ids
}

// background is a docker haloy command running in its own process group.
type background struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

// startHaloy starts docker haloy args... without waiting for it.
func startHaloy(t *testing.T, args ...string) *background {
	t.Helper()
	b := &background{done: make(chan error, 1)}
	b.cmd = exec.Command("docker", append([]string{"haloy"}, args...)...)
	b.cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+env.dockerConfig)
	b.cmd.Stdout, b.cmd.Stderr = b, b
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.done <- b.cmd.Wait() }()
	return b
}

func (b *background) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out.Write(p)
}

func (b *background) output() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out.String()
}

// waitOutput waits until the command printed want.
func (b *background) waitOutput(t *testing.T, want string, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, "output "+want, func() error {
		if strings.Contains(b.output(), want) {
			return nil
		}
		return fmt.Errorf("output so far:\n%s", b.output())
	})
}

// kill sends SIGKILL to the docker CLI and the plugin it runs.
func (b *background) kill(t *testing.T) {
	t.Helper()
	if err := syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatalf("killing the CLI: %v", err)
	}
	<-b.done
}

// wait waits for the command to end and returns its error.
func (b *background) wait(timeout time.Duration) error {
	select {
	case err := <-b.done:
		return err
	case <-time.After(timeout):
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
		return fmt.Errorf("still running after %s", timeout)
	}
}

// errNotYet is what an eventually check returns while it waits.
var errNotYet = fmt.Errorf("not yet")

// waitRetired waits until app has want containers: the sidecar stops and
// removes the old replicas a deploy handed over after the deploy returned
// (the test only watches; it removes nothing).
func waitRetired(t *testing.T, app string, want int) {
	t.Helper()
	eventually(t, 15*time.Second, "the sidecar retiring "+app+"'s old replicas", func() error {
		if got := appContainers(t, app); len(got) != want {
			return fmt.Errorf("%d containers %v, want %d", len(got), got, want)
		}
		return nil
	})
}

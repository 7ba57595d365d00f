package integration

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// composeTool is one Compose implementation: Debian's docker-compose (v1,
// Python) or a current `docker compose` plugin (v2 line).
type composeTool struct {
	name string
	argv []string // the command before compose's own arguments
	env  []string // extra environment
}

// composeV1 is Debian's docker-compose 1.29.
var composeV1 = composeTool{name: "v1", argv: []string{"docker-compose"}}

// v2 is the `docker compose` plugin in the tests' DOCKER_CONFIG, built
// once by scripts/build-compose.sh (cached per machine).
var v2 struct {
	once sync.Once
	tool composeTool
	err  error
	out  string
}

// composeV2 returns the current `docker compose`, building it from the Go
// module proxy the first time on a machine (about a minute).
func composeV2(t *testing.T) composeTool {
	t.Helper()
	v2.once.Do(func() {
		cmd := exec.Command("bash", filepath.Join(env.root, "scripts/build-compose.sh"))
		cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+env.dockerConfig)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		v2.err, v2.out = cmd.Run(), out.String()
		v2.tool = composeTool{name: "v2", argv: []string{"docker", "compose"}, env: []string{"DOCKER_CONFIG=" + env.dockerConfig}}
	})
	if v2.err != nil {
		t.Fatalf("building docker compose: %v\n%s", v2.err, v2.out)
	}
	return v2.tool
}

// run runs the tool with args and returns its combined output.
func (c composeTool) run(args ...string) (string, error) {
	cmd := exec.Command(c.argv[0], append(c.argv[1:], args...)...)
	cmd.Env = append(os.Environ(), c.env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// up brings file up as project and takes it down when the test ends.
func (c composeTool) up(t *testing.T, project, file string, extra ...string) {
	t.Helper()
	args := append([]string{"-p", project, "-f", file, "up", "-d"}, extra...)
	if out, err := c.run(args...); err != nil {
		t.Fatalf("compose %s up %s: %v\n%s", c.name, file, err, out)
	}
	t.Cleanup(func() { c.down(project, file) })
}

// down removes the project and then forgets its apps' Compose binding, as
// a user does who moves an app to another project (README: "Who may join
// an app"): tests bring the same example apps up under several projects.
func (c composeTool) down(project, file string) {
	out, _ := runCmd("docker", "ps", "-a", "--filter", "label=com.docker.compose.project="+project,
		"--format", `{{.Label "dev.haloy.appName"}}`)
	c.run("-p", project, "-f", file, "down", "-t", "1")
	apps := map[string]bool{}
	for _, app := range strings.Fields(out) {
		if !apps[app] {
			apps[app] = true
			runCmd("docker", "exec", "haloy-sidecar", "/haloy-sidecar", "membership", "unbind", app)
		}
	}
}

// version is the tool's version line, for the log.
func (c composeTool) version() string {
	out, _ := c.run("version")
	return strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
}

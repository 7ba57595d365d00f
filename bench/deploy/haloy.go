package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/haloydev/haloy/bench/internal/benchhost"
)

// haloy is the Haloy installation the bench made.
type haloy struct {
	dockerConfig string
	httpPort     int
	dir          string // holds the haloy.yaml and compose.yaml
	verbose      bool   // print each deploy's progress with times
}

// install refuses an engine that has Haloy already, then runs docker
// haloy init publishing HAProxy on 127.0.0.1 and a free port.
func install(ctx context.Context, o options) (*haloy, error) {
	if exec.Command("docker", "inspect", "haloy-sidecar").Run() == nil {
		return nil, fmt.Errorf("this engine runs Haloy already (container haloy-sidecar); the bench installs and removes its own, so run it on an engine without one")
	}
	port := o.port
	if port == 0 {
		free, err := benchhost.FreePort()
		if err != nil {
			return nil, err
		}
		port = free
	}
	dir, err := os.MkdirTemp("", "haloy-bench-")
	if err != nil {
		return nil, err
	}
	h := &haloy{dockerConfig: o.dockerConfig, httpPort: port, dir: dir, verbose: o.verbose}
	out, err := h.run(ctx, "init", "--publish-addr", o.publishAddr, "--http-port", fmt.Sprint(port),
		"--sidecar-image", o.sidecarImage, "--haproxy-image", o.haproxyImage, "--reset", "--yes")
	if err != nil {
		h.teardown()
		return nil, fmt.Errorf("docker haloy init: %w\n%s", err, out)
	}
	fmt.Printf("Haloy installed on Docker Engine %s, HAProxy on 127.0.0.1:%d\n", engineVersion(ctx), port)
	return h, nil
}

// run runs docker haloy args... and returns its combined output.
func (h *haloy) run(ctx context.Context, args ...string) (string, error) {
	out, err := h.runTimed(ctx, args...)
	return out.String(), err
}

// runTimed runs docker haloy args... and returns its output with the time
// each line arrived.
func (h *haloy) runTimed(ctx context.Context, args ...string) (*timedOutput, error) {
	cmd := exec.CommandContext(ctx, "docker", append([]string{"haloy"}, args...)...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+h.dockerConfig)
	out := newTimedOutput()
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	return out, err
}

var servingID = regexp.MustCompile(`deployment (\d{14}) is serving`)

// deploy writes the app's haloy.yaml with version and deploys it,
// returning the new deployment's id and how long its steps took.
func (h *haloy) deploy(ctx context.Context, image, version string) (string, steps, error) {
	file := filepath.Join(h.dir, "haloy.yaml")
	if err := os.WriteFile(file, []byte(appYAML(image, version)), 0o644); err != nil {
		return "", nil, err
	}
	timed, err := h.runTimed(ctx, "deploy", "--timings", file)
	out := timed.String()
	if err != nil {
		return "", nil, fmt.Errorf("deploying %s: %w\n%s", version, err, out)
	}
	if h.verbose {
		fmt.Println(timed.timeline())
	}
	m := servingID.FindStringSubmatch(out)
	if m == nil {
		return "", nil, fmt.Errorf("no deployment id in the output of deploy:\n%s", out)
	}
	st, err := parseSteps(out)
	return m[1], st, err
}

// benchApp names the app the bench deploys.
const benchApp = "bench"

// appYAML is the bench app: 3 replicas, reporting version.
func appYAML(image, version string) string {
	repo, tag, _ := strings.Cut(image, ":")
	return fmt.Sprintf(`name: %s
source:
  image:
    repository: %s
    tag: %s
domains:
  - %s.example.test
replicas: 3
env:
  - name: APP_VERSION
    value: %s
`, benchApp, repo, tag, benchApp, version)
}

// teardown removes every container, network and volume the bench made.
func (h *haloy) teardown() {
	benchhost.Teardown(h.dir, nil, "label=dev.haloy.appName="+benchApp, "label=com.docker.compose.project="+composeProject,
		"label=com.docker.compose.project=haloy", "label="+floorLabel, "name=haloy-deploy-lock-"+benchApp)
}

// engineVersion is the version of the engine behind DOCKER_HOST.
func engineVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
)

// composeProject names the baseline's Compose project and app.
const composeProject = "benchcompose"

// composeResult is what one `docker-compose up -d --force-recreate` did.
type composeResult struct {
	requests, failures int64
	wall               time.Duration // the compose command's run time
	toNew              time.Duration // command start -> first new-version response
	errors             map[string]int64
}

// benchCompose runs the same app as a plain Compose v1 stack routed by the
// same sidecar and HAProxy, and recreates it o.composeRuns times under the
// same load: the baseline without Haloy's rollout.
func benchCompose(ctx context.Context, h *haloy, o options) ([]composeResult, error) {
	file := filepath.Join(h.dir, "compose.yaml")
	if err := composeUp(ctx, file, o.image, "c0", false); err != nil {
		return nil, err
	}
	defer exec.Command("docker-compose", "-p", composeProject, "-f", file, "down", "-t", "1").Run()
	load := loadgen.Start(o.loadConfig(h.httpPort, composeProject+".example.test"))
	defer load.Stop()
	if err := waitVersion(ctx, load, "c0", 30*time.Second); err != nil {
		return nil, err
	}
	var out []composeResult
	for k := 1; k <= o.composeRuns; k++ {
		r, err := measureCompose(ctx, load, file, o.image, k)
		if err != nil {
			return out, err
		}
		fmt.Printf("compose %d: %s\n", k, r)
		out = append(out, r)
	}
	return out, nil
}

// measureCompose recreates the stack with version c<k>.
func measureCompose(ctx context.Context, load *loadgen.Run, file, image string, k int) (composeResult, error) {
	version := fmt.Sprintf("c%d", k)
	before := load.Snapshot()
	start := time.Now()
	if err := composeUp(ctx, file, image, version, true); err != nil {
		return composeResult{}, err
	}
	r := composeResult{wall: time.Since(start)}
	if err := waitVersion(ctx, load, version, 30*time.Second); err != nil {
		return r, err
	}
	time.Sleep(time.Second) // the new version settles
	after := load.Snapshot()
	r.requests, r.failures = after.Requests-before.Requests, after.Failures-before.Failures
	r.errors = subtract(after.Errors, before.Errors)
	r.toNew = after.Versions[version].First.Sub(start)
	return r, nil
}

// composeUp writes the stack with version and brings it up with Debian's
// docker-compose (v1), three replicas, recreating them when asked.
func composeUp(ctx context.Context, file, image, version string, recreate bool) error {
	if err := os.WriteFile(file, []byte(composeYAML(image, version)), 0o644); err != nil {
		return err
	}
	args := []string{"-p", composeProject, "-f", file, "up", "-d", "--scale", "web=3"}
	if recreate {
		args = append(args, "--force-recreate")
	}
	if out, err := exec.CommandContext(ctx, "docker-compose", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("docker-compose up: %w\n%s", err, out)
	}
	return nil
}

func composeYAML(image, version string) string {
	return fmt.Sprintf(`services:
  web:
    image: %s
    environment:
      APP_VERSION: %s
    labels:
      dev.haloy.role: app
      dev.haloy.appName: %s
      dev.haloy.domain.0: %s.example.test
    networks: [haloy]
networks:
  haloy:
    external: true
`, image, version, composeProject, composeProject)
}

// waitVersion waits until the load sees version answer.
func waitVersion(ctx context.Context, load *loadgen.Run, version string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for load.Snapshot().Versions[version] == nil {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("version %s never answered within %s", version, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

func (r composeResult) String() string {
	s := fmt.Sprintf("requests %6d  failed %6d  wall %6s  start->first new %6s", r.requests, r.failures, ms(r.wall), ms(r.toNew))
	if len(r.errors) > 0 {
		s += fmt.Sprintf("  errors %v", r.errors)
	}
	return s
}

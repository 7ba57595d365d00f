package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/client"
)

// Names the engine benchmarks use.
const (
	benchLabel  = "org.haloy.bench" // outside dev.haloy.*, which the sidecar validates
	benchImage  = "haloy/testapp-hc:v1"
	benchApp    = "bench"
	benchDomain = "bench.example.test"
	baseName    = "bench-base"
)

// engineBench runs containers next to a running Haloy and measures routing.
type engineBench struct {
	api      *client.Client
	httpPort int

	mu      sync.Mutex
	healthy map[string]chan time.Time // container name -> its healthy event's time
	cancel  context.CancelFunc
}

func newEngineBench(ctx context.Context, httpPort int) (*engineBench, error) {
	api, err := client.New(client.FromEnv)
	if err != nil {
		return nil, fmt.Errorf("connecting to docker: %w", err)
	}
	b := &engineBench{api: api, httpPort: httpPort, healthy: map[string]chan time.Time{}}
	if out, err := exec.Command("docker", "image", "inspect", benchImage).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("image %s missing (run scripts/build-images.sh testapp): %v: %s", benchImage, err, out)
	}
	b.cleanup()
	wctx, cancel := context.WithCancel(ctx)
	b.cancel = cancel
	go b.watchHealth(wctx)
	if err := b.start(baseName, benchApp, benchDomain); err != nil {
		return nil, err
	}
	if _, _, err := b.waitRouted(ctx, baseName, benchDomain, 60*time.Second); err != nil {
		return nil, fmt.Errorf("base container: %w", err)
	}
	return b, nil
}

// watchHealth records the engine's time of each benchmark container's
// health_status: healthy event.
func (b *engineBench) watchHealth(ctx context.Context) {
	res := b.api.Events(ctx, client.EventsListOptions{
		Filters: make(client.Filters).Add("type", string(events.ContainerEventType)).Add("label", benchLabel),
	})
	for {
		select {
		case <-ctx.Done():
			return
		case <-res.Err:
			return
		case m := <-res.Messages:
			if strings.HasPrefix(string(m.Action), "health_status") && strings.HasSuffix(string(m.Action), "healthy") &&
				!strings.HasSuffix(string(m.Action), "unhealthy") {
				b.healthyChan(m.Actor.Attributes["name"]) <- time.Unix(0, m.TimeNano)
			}
		}
	}
}

func (b *engineBench) healthyChan(name string) chan time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.healthy[name] == nil {
		b.healthy[name] = make(chan time.Time, 1)
	}
	return b.healthy[name]
}

// start runs a labelled test app container named name (also its host name).
func (b *engineBench) start(name, app, domain string) error {
	b.healthyChan(name)
	out, err := exec.Command("docker", "run", "-d", "--name", name, "--hostname", name, "--network", "haloy",
		"--label", benchLabel+"=1", "--label", "dev.haloy.role=app", "--label", "dev.haloy.appName="+app,
		"--label", "dev.haloy.health-check-path=/healthz", "--label", "dev.haloy.domain.0="+domain,
		benchImage).CombinedOutput()
	if err != nil {
		return fmt.Errorf("docker run %s: %v: %s", name, err, out)
	}
	return nil
}

// remove removes a benchmark container.
func (b *engineBench) remove(name string) {
	exec.Command("docker", "rm", "-f", name).Run()
}

// cleanup removes every benchmark container and stops watching events.
func (b *engineBench) cleanup() {
	if b.cancel != nil {
		b.cancel()
	}
	ids, _ := exec.Command("docker", "ps", "-aq", "--filter", "label="+benchLabel).Output()
	if f := strings.Fields(string(ids)); len(f) > 0 {
		exec.Command("docker", append([]string{"rm", "-f"}, f...)...).Run()
	}
}

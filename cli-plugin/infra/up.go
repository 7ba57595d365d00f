package infra

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/project"
)

// SidecarReadyTimeout bounds the wait for the sidecar's first pass.
const SidecarReadyTimeout = 30 * time.Second

// Up creates the network and volumes and starts the sidecar, its guard and HAProxy,
// replacing a container whose configuration changed. The sidecar starts
// first and writes HAProxy's configuration before HAProxy starts.
func Up(ctx context.Context, eng *engine.Engine, o Options, progress io.Writer) error {
	o.Normalize()
	p := Project(o)
	images, err := serviceImages(ctx, eng, p, "sidecar", "guard", "haproxy")
	if err != nil {
		return err
	}
	if err := eng.EnsureNetwork(ctx, NetworkName, map[string]string{project.ProjectLabel: ProjectName}); err != nil {
		return err
	}
	for _, v := range []string{HAProxyVolume, SidecarVolume} {
		if err := eng.EnsureVolume(ctx, v, map[string]string{project.ProjectLabel: ProjectName}); err != nil {
			return err
		}
	}
	if err := ensureService(ctx, eng, p, p.Services["sidecar"], images, progress); err != nil {
		return err
	}
	if err := WaitSidecar(ctx, eng, SidecarReadyTimeout); err != nil {
		return err
	}
	if err := ensureService(ctx, eng, p, p.Services["guard"], images, progress); err != nil {
		return err
	}
	return ensureService(ctx, eng, p, p.Services["haproxy"], images, progress)
}

// serviceImages returns the image id of each named service's image by
// image reference, pulling what the engine lacks before anything changes,
// so that a refused pull leaves what runs as it was.
func serviceImages(ctx context.Context, eng *engine.Engine, p *types.Project, services ...string) (map[string]string, error) {
	ids := map[string]string{}
	for _, name := range services {
		ref := p.Services[name].Image
		if _, ok := ids[ref]; ok {
			continue
		}
		id, err := eng.Image(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("%w; nothing was changed", err)
		}
		ids[ref] = id
	}
	return ids, nil
}

// ensureService makes the service's one container run with the current
// configuration: it is kept when its config hash matches, else replaced.
func ensureService(ctx context.Context, eng *engine.Engine, p *types.Project, svc types.ServiceConfig, images map[string]string, progress io.Writer) error {
	want := project.ContainerLabels(p, svc, 1)[project.ConfigHashLabel]
	imageID := images[svc.Image]
	existing, err := eng.ListByLabel(ctx, project.ServiceLabel, svc.Name)
	if err != nil {
		return err
	}
	for _, c := range existing {
		if c.Labels[project.ProjectLabel] != ProjectName {
			continue
		}
		if c.Labels[project.ConfigHashLabel] == want && c.ImageID == imageID {
			fmt.Fprintf(progress, "%s is up to date\n", c.Name)
			return eng.Start(ctx, c.ID)
		}
		fmt.Fprintf(progress, "replacing %s (configuration or image changed)\n", c.Name)
		if err := eng.Remove(ctx, c.ID); err != nil {
			return err
		}
	}
	id, err := eng.Create(ctx, project.ContainerSpec(p, svc, 1, svc.ContainerName))
	if err != nil {
		return err
	}
	fmt.Fprintf(progress, "starting %s (%s)\n", svc.ContainerName, svc.Image)
	return eng.Start(ctx, id)
}

// SidecarStatus asks the running sidecar for its status through docker exec.
func SidecarStatus(ctx context.Context, eng *engine.Engine, into any) error {
	out, err := eng.Exec(ctx, SidecarContainer, []string{SidecarBinary, "status"})
	if err != nil {
		return fmt.Errorf("asking the sidecar for its status (is Haloy initialised? run: docker haloy init): %w", err)
	}
	if err := json.Unmarshal([]byte(out), into); err != nil {
		return fmt.Errorf("reading the sidecar's status: %w", err)
	}
	return nil
}

// WatchSidecarStatus follows the sidecar's status through one docker
// exec: fn gets each status line (JSON) as it changes, and at least every
// second, until it returns false or ctx ends.
func WatchSidecarStatus(ctx context.Context, eng *engine.Engine, fn func(line []byte) bool) error {
	err := eng.ExecStream(ctx, SidecarContainer, []string{SidecarBinary, "status", "--watch"}, fn)
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("following the sidecar's status: %w", err)
	}
	return err
}

// WaitSidecar waits until the sidecar answers and has made its first pass.
func WaitSidecar(ctx context.Context, eng *engine.Engine, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		var st struct{ Passes int }
		last = SidecarStatus(ctx, eng, &st)
		if last == nil && st.Passes > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("the sidecar did not become ready within %s (see: docker logs %s): %v", timeout, SidecarContainer, last)
}

package engine

import (
	"context"
	"fmt"
	"maps"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// Stop stops a container (SIGTERM, then SIGKILL after its stop grace
// period) and keeps it, so that it can be started again.
func (e *Engine) Stop(ctx context.Context, id string) error {
	if _, err := e.api.ContainerStop(ctx, id, client.ContainerStopOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("stopping container %s: %w", shortID(id), err)
	}
	return nil
}

// Clone creates (but does not start) a container named name with the
// configuration, host configuration and networks of container id, plus
// the labels extra. A rolled-back rolling update puts its old replicas
// back so.
func (e *Engine) Clone(ctx context.Context, id, name string, extra map[string]string) (string, error) {
	res, err := e.api.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		return "", fmt.Errorf("inspecting container %s: %w", shortID(id), err)
	}
	src := res.Container
	cfg := *src.Config
	cfg.Hostname = "" // the engine gives the new container its own
	cfg.Labels = maps.Clone(cfg.Labels)
	maps.Copy(cfg.Labels, extra)
	nets := &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{}}
	if src.NetworkSettings != nil {
		for name, ep := range src.NetworkSettings.Networks {
			nets.EndpointsConfig[name] = &network.EndpointSettings{Aliases: withoutID(ep.Aliases, src.ID)}
		}
	}
	created, err := e.api.ContainerCreate(ctx, client.ContainerCreateOptions{Name: name, Config: &cfg, HostConfig: src.HostConfig, NetworkingConfig: nets})
	if err != nil {
		return "", fmt.Errorf("creating container %s: %w", name, err)
	}
	return created.ID, nil
}

// withoutID drops the alias the engine made from the source container's id.
func withoutID(aliases []string, id string) []string {
	var out []string
	for _, a := range aliases {
		if a != shortID(id) {
			out = append(out, a)
		}
	}
	return out
}

package engine

import (
	"context"
	"sync"

	"github.com/haloydev/haloy/internal/dockerexec"

	"github.com/moby/moby/client"
)

// API is the part of the Docker client the sidecar uses.
type API interface {
	ContainerList(ctx context.Context, options client.ContainerListOptions) (client.ContainerListResult, error)
	Events(ctx context.Context, options client.EventsListOptions) client.EventsResult
	ContainerInspect(ctx context.Context, container string, options client.ContainerInspectOptions) (client.ContainerInspectResult, error)
	ContainerStart(ctx context.Context, container string, options client.ContainerStartOptions) (client.ContainerStartResult, error)
	ContainerStop(ctx context.Context, container string, options client.ContainerStopOptions) (client.ContainerStopResult, error)
	ContainerRemove(ctx context.Context, container string, options client.ContainerRemoveOptions) (client.ContainerRemoveResult, error)
	dockerexec.API
}

// Engine observes labelled containers on one Docker Engine.
type Engine struct {
	api     API
	network string

	mu           sync.Mutex
	healthchecks map[string]bool // container id -> has a HEALTHCHECK
	stopping     map[string]bool // container ids sent a stop signal, still running
}

// New returns an Engine that reads container addresses on the named network.
func New(api API, network string) *Engine {
	return &Engine{api: api, network: network, healthchecks: map[string]bool{}, stopping: map[string]bool{}}
}

// Connect returns a Docker client configured from the environment
// (DOCKER_HOST etc.), negotiating the API version with the engine.
func Connect() (*client.Client, error) {
	return client.New(client.FromEnv)
}

// Exec runs cmd in the named container and returns its standard output.
func (e *Engine) Exec(ctx context.Context, containerName string, cmd []string) (string, error) {
	return dockerexec.Run(ctx, e.api, containerName, cmd)
}

package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/haloydev/haloy/internal/dockerexec"
	"github.com/haloydev/haloy/rollout/spec"
	"github.com/moby/moby/client"
)

// API is the part of the Docker client the CLI uses.
type API interface {
	dockerexec.API
	NetworkInspect(ctx context.Context, network string, options client.NetworkInspectOptions) (client.NetworkInspectResult, error)
	NetworkCreate(ctx context.Context, name string, options client.NetworkCreateOptions) (client.NetworkCreateResult, error)
	NetworkConnect(ctx context.Context, network string, options client.NetworkConnectOptions) (client.NetworkConnectResult, error)
	VolumeCreate(ctx context.Context, options client.VolumeCreateOptions) (client.VolumeCreateResult, error)
	NetworkRemove(ctx context.Context, network string, options client.NetworkRemoveOptions) (client.NetworkRemoveResult, error)
	VolumeRemove(ctx context.Context, volumeID string, options client.VolumeRemoveOptions) (client.VolumeRemoveResult, error)
	ImageInspect(ctx context.Context, image string, opts ...client.ImageInspectOption) (client.ImageInspectResult, error)
	ImageTag(ctx context.Context, options client.ImageTagOptions) (client.ImageTagResult, error)
	ImagePull(ctx context.Context, ref string, options client.ImagePullOptions) (client.ImagePullResponse, error)
	ImageLoad(ctx context.Context, input io.Reader, opts ...client.ImageLoadOption) (client.ImageLoadResult, error)
	ImageRemove(ctx context.Context, image string, options client.ImageRemoveOptions) (client.ImageRemoveResult, error)
	ContainerCreate(ctx context.Context, options client.ContainerCreateOptions) (client.ContainerCreateResult, error)
	ContainerStart(ctx context.Context, container string, options client.ContainerStartOptions) (client.ContainerStartResult, error)
	ContainerStop(ctx context.Context, container string, options client.ContainerStopOptions) (client.ContainerStopResult, error)
	ContainerRemove(ctx context.Context, container string, options client.ContainerRemoveOptions) (client.ContainerRemoveResult, error)
	ContainerList(ctx context.Context, options client.ContainerListOptions) (client.ContainerListResult, error)
	ContainerInspect(ctx context.Context, container string, options client.ContainerInspectOptions) (client.ContainerInspectResult, error)
	ContainerLogs(ctx context.Context, container string, options client.ContainerLogsOptions) (client.ContainerLogsResult, error)
	// ClientVersion is the API version in use (negotiated with the engine).
	ClientVersion() string
}

// ErrImageNotFound means the engine has no image by that reference.
var ErrImageNotFound = errors.New("image not found on the engine")

// Engine runs the CLI's operations against one Docker Engine.
type Engine struct {
	api    API
	images Images // how Image fetches what the engine lacks
	// standIn, when set, runs execs into a missing container in a task.
	standIn *StandIn
}

// New returns an Engine using api.
func New(api API) *Engine {
	return &Engine{api: api}
}

// EnsureNetwork creates the bridge network name unless it exists.
func (e *Engine) EnsureNetwork(ctx context.Context, name string, labels map[string]string) error {
	if _, err := e.api.NetworkInspect(ctx, name, client.NetworkInspectOptions{}); err == nil {
		return nil
	} else if !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("inspecting network %s: %w", name, err)
	}
	if _, err := e.api.NetworkCreate(ctx, name, client.NetworkCreateOptions{Driver: "bridge", Labels: labels}); err != nil {
		return fmt.Errorf("creating network %s: %w", name, err)
	}
	return nil
}

// EnsureVolume creates the named volume (creating an existing one is a no-op).
func (e *Engine) EnsureVolume(ctx context.Context, name string, labels map[string]string) error {
	if _, err := e.api.VolumeCreate(ctx, client.VolumeCreateOptions{Name: name, Labels: labels}); err != nil {
		return fmt.Errorf("creating volume %s: %w", name, err)
	}
	return nil
}

// ImageID returns the id of the image ref, or ErrImageNotFound.
func (e *Engine) ImageID(ctx context.Context, ref string) (string, error) {
	res, err := e.api.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return "", fmt.Errorf("%w: %s (build or load it on the engine first, e.g. docker --context <ctx> build -t %s .)", ErrImageNotFound, ref, ref)
	}
	if err != nil {
		return "", fmt.Errorf("inspecting image %s: %w", ref, err)
	}
	return res.ID, nil
}

// Tag gives image source the additional reference target.
func (e *Engine) Tag(ctx context.Context, source, target string) error {
	if _, err := e.api.ImageTag(ctx, client.ImageTagOptions{Source: source, Target: target}); err != nil {
		return fmt.Errorf("tagging %s as %s: %w", source, target, err)
	}
	return nil
}

// Untag removes the image reference ref; the image itself stays while
// other references or containers use it.
func (e *Engine) Untag(ctx context.Context, ref string) error {
	if _, err := e.api.ImageRemove(ctx, ref, client.ImageRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("removing image tag %s: %w", ref, err)
	}
	return nil
}

// Create creates (but does not start) the container c describes and joins
// it to its networks.
func (e *Engine) Create(ctx context.Context, c spec.Container) (string, error) {
	name := c.Name
	spec, err := APISpec(c)
	if err != nil {
		return "", err
	}
	if spec.Config.Healthcheck == nil {
		spec.Config.Healthcheck = e.fastStart(ctx, c.Image)
	}
	res, err := e.api.ContainerCreate(ctx, client.ContainerCreateOptions{
		Name: spec.Name, Config: spec.Config, HostConfig: spec.HostConfig, NetworkingConfig: spec.Networking,
	})
	if err != nil {
		return "", fmt.Errorf("creating container %s: %w", name, err)
	}
	for _, net := range slices.Sorted(maps.Keys(spec.Connect)) {
		opts := client.NetworkConnectOptions{Container: res.ID, EndpointConfig: spec.Connect[net]}
		if _, err := e.api.NetworkConnect(ctx, net, opts); err != nil {
			_, _ = e.api.ContainerRemove(ctx, res.ID, client.ContainerRemoveOptions{Force: true})
			return "", fmt.Errorf("connecting container %s to network %s: %w", name, net, err)
		}
	}
	return res.ID, nil
}

// Start starts a created container.
func (e *Engine) Start(ctx context.Context, id string) error {
	if _, err := e.api.ContainerStart(ctx, id, client.ContainerStartOptions{}); err != nil {
		return fmt.Errorf("starting container %s: %w", shortID(id), err)
	}
	return nil
}

// Remove stops a container (SIGTERM, then SIGKILL after its stop grace
// period) and removes it. A container that is already gone, or that the
// sidecar is removing right now (it retires what a deploy handed over), is
// fine.
func (e *Engine) Remove(ctx context.Context, id string) error {
	if _, err := e.api.ContainerStop(ctx, id, client.ContainerStopOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("stopping container %s: %w", shortID(id), err)
	}
	_, err := e.api.ContainerRemove(ctx, id, client.ContainerRemoveOptions{Force: true})
	if err != nil && !cerrdefs.IsNotFound(err) && !removalInProgress(err) {
		return fmt.Errorf("removing container %s: %w", shortID(id), err)
	}
	return nil
}

// removalInProgress reports whether err is the engine's refusal to remove
// a container another client is removing already.
func removalInProgress(err error) bool {
	return cerrdefs.IsConflict(err) && strings.Contains(err.Error(), "already in progress")
}

// Exec runs cmd in the named container and returns its standard output.
func (e *Engine) Exec(ctx context.Context, containerName string, cmd []string) (string, error) {
	var out string
	err := e.onTarget(ctx, containerName, func(target string) (err error) {
		out, err = dockerexec.Run(ctx, e.api, target, cmd)
		return err
	})
	return out, err
}

// ExecInput runs cmd in the named container with input on its standard
// input and returns its standard output (see dockerexec.RunInput).
func (e *Engine) ExecInput(ctx context.Context, containerName string, cmd []string, input []byte) (string, error) {
	var out string
	err := e.onTarget(ctx, containerName, func(target string) (err error) {
		out, err = dockerexec.RunInput(ctx, e.api, target, cmd, input)
		return err
	})
	return out, err
}

// ExecStream runs cmd in the named container and calls line with each
// line of its standard output until line returns false (see
// dockerexec.Stream).
func (e *Engine) ExecStream(ctx context.Context, containerName string, cmd []string, line func([]byte) bool) error {
	return e.onTarget(ctx, containerName, func(target string) error {
		return dockerexec.Stream(ctx, e.api, target, cmd, line)
	})
}

// ExecConversation starts cmd in the named container with its input and
// output attached (see dockerexec.Open).
func (e *Engine) ExecConversation(ctx context.Context, containerName string, cmd []string) (*dockerexec.Conversation, error) {
	return dockerexec.Open(ctx, e.api, containerName, cmd)
}

func shortID(id string) string {
	if len(id) > 12 && !strings.Contains(id, "-") {
		return id[:12]
	}
	return id
}

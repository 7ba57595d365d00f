package commands

import (
	"fmt"

	cerrdefs "github.com/containerd/errdefs"

	"github.com/docker/cli/cli/command"
	"github.com/docker/cli/cli/context/docker"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/moby/moby/client"
	"github.com/spf13/pflag"
)

// copyFlagUsage describes --copy-image-from.
const copyFlagUsage = `copy the image from this Docker context's engine (e.g. "default", your local engine) when the target lacks it or has another image under its tag; streams docker save into docker load, no registry needed`

// addCopyFlag adds --copy-image-from to flags (default: no copy).
func addCopyFlag(flags *pflag.FlagSet, source *string) {
	flags.StringVar(source, "copy-image-from", "", copyFlagUsage)
}

// copySource opens the engine of Docker context name as an image source;
// "" is none. The name is resolved as `docker --context NAME` does,
// "default" included (DOCKER_HOST or the local socket).
func copySource(dockerCli command.Cli, name string) (*engine.Source, error) {
	if name == "" {
		return nil, nil
	}
	store := dockerCli.ContextStore()
	meta, err := store.GetMetadata(name)
	if cerrdefs.IsNotFound(err) {
		return nil, fmt.Errorf("--copy-image-from %s: no such Docker context (list them with: docker context ls; \"default\" is the local engine)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("--copy-image-from %s: %w (list the contexts with: docker context ls)", name, err)
	}
	epMeta, err := docker.EndpointFromContext(meta)
	if err != nil {
		return nil, fmt.Errorf("--copy-image-from %s: %w", name, err)
	}
	ep, err := docker.WithTLSData(store, name, epMeta)
	if err != nil {
		return nil, fmt.Errorf("--copy-image-from %s: %w", name, err)
	}
	opts, err := ep.ClientOpts()
	if err != nil {
		return nil, fmt.Errorf("--copy-image-from %s: %w", name, err)
	}
	api, err := client.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("--copy-image-from %s: %w", name, err)
	}
	return &engine.Source{Name: engineName(name, ep.Host), API: api}, nil
}

// targetName names the engine of the CLI's current context in messages.
func targetName(dockerCli command.Cli) string {
	return engineName(dockerCli.CurrentContext(), dockerCli.DockerEndpoint().Host)
}

func engineName(context, host string) string {
	return fmt.Sprintf("context %q at %s", context, host)
}

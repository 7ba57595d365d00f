package commands

import (
	"github.com/docker/cli/cli/command"
	"github.com/docker/cli/cli/config/configfile"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/moby/moby/api/pkg/authconfig"
	"github.com/moby/moby/api/types/registry"
	"github.com/spf13/pflag"
)

// pullFlagUsage describes --pull, as Compose's `up --pull` does.
const pullFlagUsage = `pull images: "missing" (only those the engine lacks), "always" (follow moved tags), "never" (use only images on the engine)`

// addPullFlag adds --pull to flags, defaulting to missing.
func addPullFlag(flags *pflag.FlagSet, policy *string) {
	flags.StringVar(policy, "pull", string(engine.PullMissing), pullFlagUsage)
}

// pullImages is how the command fetches images: policy (a --pull value),
// with the Docker CLI's credentials for each image's registry, copied
// from the engine of Docker context copyFrom first if it is not ""
// (--copy-image-from), and progress on the CLI's error stream.
func pullImages(dockerCli command.Cli, policy, copyFrom string) (engine.Images, error) {
	p, err := engine.ParsePullPolicy(policy)
	if err != nil {
		return engine.Images{}, err
	}
	if err := engine.CheckCopyPolicy(p, copyFrom); err != nil {
		return engine.Images{}, err
	}
	src, err := copySource(dockerCli, copyFrom)
	if err != nil {
		return engine.Images{}, err
	}
	return engine.Images{Policy: p, Auth: registryAuth(dockerCli.ConfigFile()), Progress: dockerCli.Err(),
		Source: src, Target: targetName(dockerCli)}, nil
}

// registryAuth resolves credentials the way `docker pull` does
// (command.RetrieveAuthTokenFromImage): from the CLI's config file
// (config.json under DOCKER_CONFIG or ~/.docker) and its credential
// helpers (credsStore, credHelpers), by the image's registry. It returns
// "" when none are stored, so a refusal can say whether any were sent.
func registryAuth(cfg *configfile.ConfigFile) engine.RegistryAuth {
	return func(ref string) (string, error) {
		a, err := cfg.GetAuthConfig(engine.RegistryOf(ref))
		if err != nil {
			return "", err
		}
		if a.Username == "" && a.Password == "" && a.Auth == "" && a.IdentityToken == "" && a.RegistryToken == "" {
			return "", nil
		}
		return authconfig.Encode(registry.AuthConfig{
			Username: a.Username, Password: a.Password, ServerAddress: a.ServerAddress,
			Auth: a.Auth, IdentityToken: a.IdentityToken, RegistryToken: a.RegistryToken,
		})
	}
}

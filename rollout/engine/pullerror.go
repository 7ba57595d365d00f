package engine

import (
	"context"
	"errors"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/distribution/reference"
)

// PullError is a pull the engine or the registry refused.
type PullError struct {
	// Image is the reference pulled; Registry its registry's host
	// ("docker.io" for Docker Hub).
	Image, Registry string
	// Reason says what went wrong in a few words ("the registry refused
	// the credentials"); empty when the engine's message says it alone.
	Reason string
	// Hint is the fix, for a human.
	Hint string
	// Err is the engine's error.
	Err error
}

func (e *PullError) Error() string {
	msg := "pulling " + e.Image + " from registry " + e.Registry + ": "
	if e.Reason != "" {
		msg += e.Reason + ": "
	}
	msg += e.Err.Error()
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *PullError) Unwrap() error { return e.Err }

// RegistryOf is the registry host of an image reference: "docker.io" for
// Docker Hub names (nginx, my-org/app), else the reference's first part
// (ghcr.io, 127.0.0.1:5000).
func RegistryOf(ref string) string {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return "docker.io"
	}
	return reference.Domain(named)
}

// loginArg is what follows `docker login` for registry: nothing for
// Docker Hub.
func loginArg(registry string) string {
	if registry == "docker.io" {
		return ""
	}
	return registry
}

// loginCommand is the docker login command for registry.
func loginCommand(registry string) string {
	return strings.TrimSpace("docker login " + loginArg(registry))
}

// newPullError explains err, from pulling image from registry with
// (authed) or without credentials.
func newPullError(image, registry string, authed bool, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	pe := &PullError{Image: image, Registry: registry, Err: err}
	msg := strings.ToLower(err.Error())
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(msg, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("no basic auth credentials", "authentication required", "unauthorized", "incorrect username or password") || cerrdefs.IsUnauthorized(err):
		if authed {
			pe.Reason = "the registry refused the credentials"
			pe.Hint = "log in again with the right user and password or token: " + loginCommand(registry) + ", then retry; the credentials come from the Docker CLI's config (DOCKER_CONFIG, default ~/.docker)"
		} else {
			pe.Reason = "the registry wants credentials and none are stored for it"
			pe.Hint = "log in first: " + loginCommand(registry) + ", then retry"
		}
	case has("does not exist or may require"): // Docker Hub's answer to both
		pe.Reason = "the registry has no such repository, or it is private"
		pe.Hint = "check source.image's repository and tag; for a private one: " + loginCommand(registry) + ", then retry"
	case has("denied", "forbidden") || cerrdefs.IsPermissionDenied(err):
		pe.Reason = "the registry denied access"
		pe.Hint = "check that the account of " + loginCommand(registry) + " may pull this repository"
	case has("manifest unknown", "not found", "does not exist"):
		pe.Reason = "the registry has no such image"
		pe.Hint = "check source.image's repository and tag, and that the image was pushed (docker push " + image + "); for Docker Hub a private repository also answers this way without " + loginCommand(registry)
	case has("server gave http response to https client"):
		pe.Reason = "the registry speaks plain HTTP"
		pe.Hint = "serve it over TLS, or add it to insecure-registries in the engine's daemon.json"
	case has("x509:", "certificate"):
		pe.Reason = "the registry's TLS certificate is not trusted by the engine"
		pe.Hint = "install its CA under /etc/docker/certs.d/" + registry + "/ca.crt on the engine's host"
	case has("connection refused", "no such host", "i/o timeout", "network is unreachable", "dial tcp", "tls handshake timeout"):
		pe.Reason = "the engine cannot reach the registry"
		pe.Hint = "check the registry's address and that the engine's host can reach it; or load the image on the engine and deploy with --pull never"
	default:
		pe.Hint = "check the image reference and the registry; or load the image on the engine and deploy with --pull never"
	}
	return pe
}

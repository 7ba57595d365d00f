package engine

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/moby/moby/client"
)

// PullPolicy says when an image is pulled from its registry, as Compose's
// pull_policy and `docker compose up --pull` do.
type PullPolicy string

// The pull policies.
const (
	// PullMissing pulls an image only when the engine lacks it (the default).
	PullMissing PullPolicy = "missing"
	// PullAlways pulls before every use, so a moved tag (e.g. latest) is
	// followed; an unreachable registry is an error.
	PullAlways PullPolicy = "always"
	// PullNever uses only images the engine has.
	PullNever PullPolicy = "never"
)

// ParsePullPolicy reads a --pull value; "" is PullMissing.
func ParsePullPolicy(s string) (PullPolicy, error) {
	switch p := PullPolicy(s); p {
	case "":
		return PullMissing, nil
	case PullMissing, PullAlways, PullNever:
		return p, nil
	}
	return "", fmt.Errorf("unknown --pull %q (use always, missing or never)", s)
}

// RegistryAuth returns the X-Registry-Auth value (base64url JSON) for
// pulling ref, or "" to pull anonymously.
type RegistryAuth func(ref string) (string, error)

// Images says how images the engine lacks are fetched. The zero value
// never pulls: a caller without the user's credentials (the sidecar)
// uses only the images on its engine.
type Images struct {
	// Policy says when to pull; "" never pulls.
	Policy PullPolicy
	// Auth gives the credentials for a reference's registry (nil: anonymous).
	Auth RegistryAuth
	// Progress receives the pull's progress, one short line per layer
	// step (nil: discarded).
	Progress io.Writer
	// Source, when set, is an engine the image is copied from when the
	// target lacks it or has another image under its tag (see PlanImage).
	Source *Source
	// Target names the target engine in messages (e.g. `context "prod"
	// (ssh://deploy@server)`).
	Target string
}

// EnsureImage returns the id of image ref on the engine, copying it from
// im.Source or pulling it first as PlanImage decides. A refused pull is a
// *PullError naming the image, the registry and the fix; nothing else on
// the engine changes.
func (e *Engine) EnsureImage(ctx context.Context, ref string, im Images) (string, error) {
	switch im.Policy {
	case "", PullMissing, PullAlways, PullNever:
	default:
		return "", fmt.Errorf("unknown pull policy %q (use always, missing or never)", im.Policy)
	}
	if err := CheckCopyPolicy(im.Policy, sourceName(im.Source)); err != nil {
		return "", err
	}
	targetID, err := e.ImageID(ctx, ref)
	if err != nil && !errors.Is(err, ErrImageNotFound) {
		return "", err
	}
	notFound := err
	sourceID := ""
	if im.Source != nil {
		if sourceID, err = im.Source.imageID(ctx, ref); err != nil {
			return "", err
		}
	}
	switch PlanImage(im.Policy, im.Source != nil, targetID, sourceID) {
	case UseTarget:
		return targetID, nil
	case CopyFromSource:
		w := im.Progress
		if w == nil {
			w = io.Discard
		}
		if err := e.CopyImage(ctx, ref, im.Source, orTarget(im.Target), w); err != nil {
			return "", err
		}
	case PullFromRegistry:
		if im.Source != nil && im.Progress != nil {
			fmt.Fprintf(im.Progress, "the source engine (%s) has no image %s; pulling it\n", im.Source.Name, ref)
		}
		if err := e.Pull(ctx, ref, im); err != nil {
			return "", err
		}
	case Missing:
		if im.Source != nil {
			return "", fmt.Errorf("%w: %s is on neither the target engine (%s) nor the source engine (%s): build it on the source, or let Haloy pull it: --pull missing", ErrImageNotFound, ref, orTarget(im.Target), im.Source.Name)
		}
		if im.Policy == PullNever {
			return "", fmt.Errorf("%w; or let Haloy pull it: --pull missing", notFound)
		}
		return "", notFound
	}
	return e.ImageID(ctx, ref)
}

func sourceName(s *Source) string {
	if s == nil {
		return ""
	}
	return s.Name
}

func orTarget(name string) string {
	if name == "" {
		return "the current context"
	}
	return name
}

// Pull pulls ref through the engine with the credentials im.Auth gives
// for its registry, writing progress to im.Progress.
func (e *Engine) Pull(ctx context.Context, ref string, im Images) error {
	registry := RegistryOf(ref)
	auth := ""
	if im.Auth != nil {
		var err error
		if auth, err = im.Auth(ref); err != nil {
			return &PullError{Image: ref, Registry: registry, Err: fmt.Errorf("reading the credentials for %s: %w", registry, err),
				Hint: "check the Docker CLI's config (docker login " + loginArg(registry) + ", or its credential helper)"}
		}
	}
	w := im.Progress
	if w == nil {
		w = io.Discard
	}
	fmt.Fprintf(w, "pulling %s from %s\n", ref, registry)
	res, err := e.api.ImagePull(ctx, ref, client.ImagePullOptions{RegistryAuth: auth})
	if err != nil {
		return newPullError(ref, registry, auth != "", err)
	}
	p := newPullPrinter(w)
	for m, err := range res.JSONMessages(ctx) {
		if err == nil {
			err = p.print(m)
		}
		if err != nil {
			return newPullError(ref, registry, auth != "", err)
		}
	}
	return nil
}

// WithImages returns a copy of e whose Image pulls as im says.
func (e *Engine) WithImages(im Images) *Engine {
	c := *e
	c.images = im
	return &c
}

// Image returns the id of image ref on the engine, pulling it as the
// engine's Images say (see WithImages; by default it never pulls).
func (e *Engine) Image(ctx context.Context, ref string) (string, error) {
	return e.EnsureImage(ctx, ref, e.images)
}

package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/client"
)

// SourceAPI is the part of a Docker client an image is copied from.
type SourceAPI interface {
	ImageInspect(ctx context.Context, image string, opts ...client.ImageInspectOption) (client.ImageInspectResult, error)
	ImageSave(ctx context.Context, images []string, opts ...client.ImageSaveOption) (client.ImageSaveResult, error)
}

// Source is an engine images are copied from (--copy-image-from).
type Source struct {
	// Name is how the user named it, e.g. `context "default"`, with its
	// host, for messages.
	Name string
	// API reaches the engine.
	API SourceAPI
}

// sourceImageID returns the id of ref on the source, or "" if it lacks it.
func (s *Source) imageID(ctx context.Context, ref string) (string, error) {
	res, err := s.API.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("inspecting image %s on the source engine (%s): %w", ref, s.Name, err)
	}
	return res.ID, nil
}

// CopyImage streams image ref from the source engine (ImageSave, the
// `docker save` archive) into this engine (ImageLoad), writing progress
// to w. The archive always holds the whole image: the engine API has no
// way to ask for only some layers.
func (e *Engine) CopyImage(ctx context.Context, ref string, src *Source, target string, w io.Writer) error {
	fail := func(step string, err error) error {
		return fmt.Errorf("copying image %s from the source engine (%s) to the target engine (%s): %s: %w", ref, src.Name, target, step, err)
	}
	fmt.Fprintf(w, "copying %s from %s to %s\n", ref, src.Name, target)
	start := time.Now()
	saved, err := src.API.ImageSave(ctx, []string{ref})
	if err != nil {
		return fail("saving it on the source", err)
	}
	defer saved.Close()
	body := &countingReader{r: saved}
	res, err := e.api.ImageLoad(ctx, body)
	if err != nil {
		return fail("loading it on the target", err)
	}
	defer res.Close()
	p := newPullPrinter(w)
	dec := json.NewDecoder(res)
	for {
		var m jsonstream.Message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fail("reading the target's answer", err)
		}
		if err := p.print(m); err != nil {
			return fail("loading it on the target", err)
		}
		if line := strings.TrimSpace(m.Stream); line != "" {
			fmt.Fprintf(w, "  %s\n", termsafe.String(line)) // "Loaded image: REF"
		}
	}
	fmt.Fprintf(w, "  copied %s in %s\n", humanBytes(body.n), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

package engine

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/moby/moby/client"
)

// failingSource is a source engine whose export fails.
type failingSource struct{ err error }

func (f failingSource) ImageInspect(context.Context, string, ...client.ImageInspectOption) (client.ImageInspectResult, error) {
	return client.ImageInspectResult{}, nil
}

func (f failingSource) ImageSave(context.Context, []string, ...client.ImageSaveOption) (client.ImageSaveResult, error) {
	return nil, f.err
}

func TestCopyImageErrorNamesBothEnginesAndImage(t *testing.T) {
	e := New(nil) // the export fails before the target is asked
	src := &Source{Name: `context "default" at unix:///var/run/docker.sock`, API: failingSource{errors.New("no such image: my-app:1")}}
	err := e.CopyImage(context.Background(), "my-app:1", src, `context "prod" at ssh://deploy@server`, io.Discard)
	if err == nil {
		t.Fatal("a failed export gave no error")
	}
	for _, want := range []string{"my-app:1", `source engine (context "default"`, `target engine (context "prod"`, "saving it on the source", "no such image"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func TestCountingReader(t *testing.T) {
	c := &countingReader{r: strings.NewReader("twelve bytes")}
	if _, err := io.Copy(io.Discard, c); err != nil || c.n != 12 {
		t.Errorf("counted %d, %v; want 12", c.n, err)
	}
}

package apply

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// haproxyDir is the shared folder as the fake HAProxy sees it.
const haproxyDir = "/usr/local/etc/haproxy"

// fakeValidator records the paths it was asked about and what the
// candidate held at that moment, and answers err.
type fakeValidator struct {
	dir   string // the folder as the sidecar sees it
	err   error
	paths []string
	seen  [][]byte
}

func (v *fakeValidator) Validate(_ context.Context, path string) error {
	v.paths = append(v.paths, path)
	b, err := os.ReadFile(filepath.Join(v.dir, filepath.Base(path)))
	if err != nil {
		return fmt.Errorf("fake validator reading the candidate: %w", err)
	}
	v.seen = append(v.seen, b)
	return v.err
}

// fakeReloader counts reloads and records the file HAProxy would load.
type fakeReloader struct {
	dir    string
	err    error
	loads  int
	loaded []byte
}

func (r *fakeReloader) Reload(context.Context) error {
	if r.err != nil {
		return r.err
	}
	b, err := os.ReadFile(filepath.Join(r.dir, ConfigName))
	if err != nil {
		return fmt.Errorf("fake reloader reading the config: %w", err)
	}
	r.loads++
	r.loaded = b
	return nil
}

// rig is an Applier over a temp dir with fakes.
type rig struct {
	dir string
	v   *fakeValidator
	r   *fakeReloader
	a   *Applier
}

func newRig(t *testing.T) *rig {
	t.Helper()
	return newRigIn(t, t.TempDir())
}

// newRigIn returns a rig over dir, as a restarted sidecar would start.
func newRigIn(t *testing.T, dir string) *rig {
	t.Helper()
	v := &fakeValidator{dir: dir}
	r := &fakeReloader{dir: dir}
	return &rig{dir: dir, v: v, r: r, a: &Applier{
		Dir:        dir,
		HAProxyDir: haproxyDir,
		Validator:  v,
		Reloader:   r,
		Log:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}}
}

func (g *rig) apply(t *testing.T, m haproxy.Model) (Outcome, error) {
	t.Helper()
	return g.a.Apply(context.Background(), m)
}

// file returns the installed configuration ("" when there is none).
func (g *rig) file(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.dir, ConfigName))
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noCandidate fails if a candidate file was left behind.
func (g *rig) noCandidate(t *testing.T) {
	t.Helper()
	entries, err := os.ReadDir(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ConfigName && e.Name() != haproxy.ServingMapName {
			t.Errorf("unexpected file %s left in the config folder", e.Name())
		}
	}
}

// model returns a model with one app on host, with one server.
func model(app, addr string) haproxy.Model {
	return haproxy.Model{Apps: []haproxy.App{{
		Name:            app,
		Domains:         []labels.Domain{{Canonical: app + ".example.com"}},
		HealthCheckPath: "/",
		Servers:         []haproxy.Server{{Name: app + "-1", Address: addr, Port: "80"}},
	}}}
}

func rendered(m haproxy.Model) string {
	return string(haproxy.Render(m, haproxy.Settings{}))
}

func TestFirstApplyWritesValidatesAndReloads(t *testing.T) {
	g := newRig(t)
	m := model("web", "10.0.0.1")
	out, err := g.apply(t, m)
	if err != nil || out != Reloaded {
		t.Fatalf("Apply = %q, %v; want %q", out, err, Reloaded)
	}
	want := rendered(m)
	if g.file(t) != want {
		t.Errorf("installed file differs from the rendered model:\n%s", g.file(t))
	}
	if len(g.v.paths) != 1 || g.v.paths[0] != haproxyDir+"/"+ConfigName+".candidate" {
		t.Errorf("validated %v, want the candidate as HAProxy sees it", g.v.paths)
	}
	if string(g.v.seen[0]) != want {
		t.Error("the validator did not see the new configuration in the candidate")
	}
	if g.r.loads != 1 || string(g.r.loaded) != want {
		t.Errorf("reloads = %d; want 1 of the new file", g.r.loads)
	}
	g.noCandidate(t)
}

func TestSameModelIsUnchanged(t *testing.T) {
	g := newRig(t)
	m := model("web", "10.0.0.1")
	if _, err := g.apply(t, m); err != nil {
		t.Fatal(err)
	}
	out, err := g.apply(t, model("web", "10.0.0.1"))
	if err != nil || out != Unchanged {
		t.Fatalf("second Apply = %q, %v; want %q", out, err, Unchanged)
	}
	if g.r.loads != 1 || len(g.v.paths) != 1 {
		t.Errorf("validations = %d, reloads = %d; want 1 and 1", len(g.v.paths), g.r.loads)
	}
}

func TestChangedModelReloadsAgain(t *testing.T) {
	g := newRig(t)
	if _, err := g.apply(t, model("web", "10.0.0.1")); err != nil {
		t.Fatal(err)
	}
	m := model("web", "10.0.0.2")
	if out, err := g.apply(t, m); err != nil || out != Reloaded {
		t.Fatalf("Apply = %q, %v; want %q", out, err, Reloaded)
	}
	if g.r.loads != 2 || string(g.r.loaded) != rendered(m) {
		t.Errorf("reloads = %d; want 2, the last of the new model", g.r.loads)
	}
}

func TestRejectedCandidateKeepsTheLastGoodFile(t *testing.T) {
	g := newRig(t)
	good := model("web", "10.0.0.1")
	if _, err := g.apply(t, good); err != nil {
		t.Fatal(err)
	}
	g.v.err = errors.New("[ALERT] parsing haproxy.cfg: unknown keyword")
	out, err := g.apply(t, model("web", "10.0.0.2"))
	if err == nil || !errors.Is(err, g.v.err) {
		t.Fatalf("Apply = %q, %v; want the validator's error wrapped", out, err)
	}
	if g.file(t) != rendered(good) {
		t.Error("the last good file was replaced by a rejected one")
	}
	g.noCandidate(t)
	if g.r.loads != 1 {
		t.Errorf("reloads = %d; a rejected candidate must not be loaded", g.r.loads)
	}

	// The same bad model is validated again (and rejected) on the next pass.
	if _, err := g.apply(t, model("web", "10.0.0.2")); err == nil {
		t.Error("second Apply of the rejected model succeeded")
	}
	if len(g.v.paths) != 3 {
		t.Errorf("validations = %d, want 3", len(g.v.paths))
	}
}

func TestRejectedFirstCandidateWritesNothing(t *testing.T) {
	g := newRig(t)
	g.v.err = errors.New("rejected")
	if _, err := g.apply(t, model("web", "10.0.0.1")); err == nil {
		t.Fatal("Apply succeeded although the validator rejected the candidate")
	}
	if g.file(t) != "" {
		t.Error("a rejected configuration was installed")
	}
	g.noCandidate(t)
}

func TestHAProxyDownWritesForTheNextStart(t *testing.T) {
	g := newRig(t)
	g.v.err = fmt.Errorf("%w: no such container", ErrHAProxyDown)
	m := model("web", "10.0.0.1")
	out, err := g.apply(t, m)
	if err != nil || out != Written {
		t.Fatalf("Apply = %q, %v; want %q", out, err, Written)
	}
	if g.file(t) != rendered(m) {
		t.Error("the configuration was not written for HAProxy's next start")
	}
	if g.r.loads != 0 {
		t.Errorf("reloads = %d; nothing runs to reload", g.r.loads)
	}
	g.noCandidate(t)
	if out, err := g.apply(t, m); err != nil || out != Unchanged {
		t.Errorf("Apply again = %q, %v; want %q (HAProxy loads the file when it starts)", out, err, Unchanged)
	}
}

func TestReloadFailureIsRetried(t *testing.T) {
	g := newRig(t)
	g.r.err = errors.New("master socket: connection refused")
	m := model("web", "10.0.0.1")
	if out, err := g.apply(t, m); err == nil || !errors.Is(err, g.r.err) {
		t.Fatalf("Apply = %q, %v; want the reload error wrapped", out, err)
	}
	g.r.err = nil
	out, err := g.apply(t, m)
	if err != nil || out != Reloaded {
		t.Fatalf("retry = %q, %v; want %q", out, err, Reloaded)
	}
	if g.r.loads != 1 || string(g.r.loaded) != rendered(m) {
		t.Errorf("reloads = %d; want the retry to load the new file", g.r.loads)
	}
	g.noCandidate(t)
}

func TestRestartOverIdenticalFileAppliesNothing(t *testing.T) {
	dir := t.TempDir()
	m := model("web", "10.0.0.1")
	if _, err := newRigIn(t, dir).apply(t, m); err != nil {
		t.Fatal(err)
	}
	g := newRigIn(t, dir) // the sidecar restarted
	out, err := g.apply(t, m)
	if err != nil || out != Unchanged {
		t.Fatalf("Apply after restart = %q, %v; want %q", out, err, Unchanged)
	}
	if g.r.loads != 0 || len(g.v.paths) != 0 {
		t.Errorf("validations = %d, reloads = %d; a restart must cost nothing", len(g.v.paths), g.r.loads)
	}
	if out, err := g.apply(t, model("web", "10.0.0.2")); err != nil || out != Reloaded {
		t.Errorf("a changed model after restart = %q, %v; want %q", out, err, Reloaded)
	}
}

func TestRestartAfterFailedReloadStillReloads(t *testing.T) {
	dir := t.TempDir()
	old, m := model("web", "10.0.0.1"), model("web", "10.0.0.2")
	first := newRigIn(t, dir)
	if _, err := first.apply(t, old); err != nil {
		t.Fatal(err)
	}
	first.r.err = errors.New("master socket: connection refused")
	if _, err := first.apply(t, m); err == nil {
		t.Fatal("Apply succeeded although the reload failed")
	}
	if first.file(t) != rendered(old) {
		t.Error("after a failed reload the file must say what HAProxy runs")
	}

	g := newRigIn(t, dir) // the sidecar restarted before the retry
	out, err := g.apply(t, m)
	if err != nil || out != Reloaded {
		t.Fatalf("Apply after restart = %q, %v; want %q: HAProxy never loaded this model", out, err, Reloaded)
	}
	if !bytes.Equal(g.r.loaded, []byte(rendered(m))) {
		t.Error("the reload did not load the new model")
	}
}

// Package history keeps each app's deployment snapshots on the sidecar's
// data volume, so deployment history lives with the engine: any machine
// that can reach the engine (e.g. through a Docker context) can list and
// roll back deployments. The CLI reaches it with `docker exec haloy-sidecar
// /haloy-sidecar history ...`. A snapshot is opaque JSON to this package;
// the CLI never puts secret values in it.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/haloydev/haloy/labels"
)

// ErrNotFound means no snapshot exists for that app and deployment.
var ErrNotFound = errors.New("deployment not found in history")

// Entry is one stored deployment.
type Entry struct {
	// App is the app name.
	App string `json:"app"`
	// ID is the deployment id.
	ID string `json:"id"`
	// Saved is when the snapshot was stored.
	Saved time.Time `json:"saved"`
	// Snapshot is the app configuration as the CLI stored it.
	Snapshot json.RawMessage `json:"snapshot"`
}

// Store is a folder of snapshots: <dir>/<app>/<id>.json.
type Store struct {
	// Dir is the history folder.
	Dir string
}

// Save stores the snapshot of deployment id of app.
func (s Store) Save(app, id string, snapshot json.RawMessage) error {
	if err := checkNames(app, id); err != nil {
		return err
	}
	if !json.Valid(snapshot) {
		return errors.New("snapshot is not valid JSON")
	}
	data, err := json.Marshal(Entry{App: app, ID: id, Saved: time.Now().UTC(), Snapshot: snapshot})
	if err != nil {
		return err
	}
	dir := filepath.Join(s.Dir, app)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp := filepath.Join(dir, "."+id+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("writing snapshot: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, id+".json"))
}

// Get returns the snapshot of deployment id of app.
func (s Store) Get(app, id string) (Entry, error) {
	if err := checkNames(app, id); err != nil {
		return Entry{}, err
	}
	data, err := os.ReadFile(filepath.Join(s.Dir, app, id+".json"))
	if errors.Is(err, os.ErrNotExist) {
		return Entry{}, fmt.Errorf("%w: %s %s", ErrNotFound, app, id)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("reading snapshot %s %s: %w", app, id, err)
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, fmt.Errorf("reading snapshot %s %s: %w", app, id, err)
	}
	return e, nil
}

// List returns app's deployments, newest first.
func (s Store) List(app string) ([]Entry, error) {
	if err := labels.ValidateAppName(app); err != nil {
		return nil, fmt.Errorf("app name %q %v", app, err)
	}
	names, err := filepath.Glob(filepath.Join(s.Dir, app, "*.json"))
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(names))
	for _, n := range names {
		e, err := s.Get(app, trimExt(filepath.Base(n)))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// Prune keeps app's newest keep deployments (and always the ones in
// protect) and deletes the rest, returning the deleted ids.
func (s Store) Prune(app string, keep int, protect ...string) ([]string, error) {
	entries, err := s.List(app)
	if err != nil {
		return nil, err
	}
	var removed []string
	for i, e := range entries {
		if i < keep || contains(protect, e.ID) {
			continue
		}
		if err := os.Remove(filepath.Join(s.Dir, app, e.ID+".json")); err != nil {
			return removed, fmt.Errorf("pruning %s %s: %w", app, e.ID, err)
		}
		removed = append(removed, e.ID)
	}
	return removed, nil
}

func checkNames(app, id string) error {
	if err := labels.ValidateAppName(app); err != nil {
		return fmt.Errorf("app name %q %v", app, err)
	}
	if err := labels.ValidateDeploymentID(id); err != nil {
		return fmt.Errorf("deployment id %q %v", id, err)
	}
	return nil
}

func trimExt(name string) string {
	return name[:len(name)-len(filepath.Ext(name))]
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Latest returns the newest deployment of every app with a history,
// sorted by app name (an empty list, never nil, when there is none).
func (s Store) Latest() ([]Entry, error) {
	dirs, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return []Entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Dir, err)
	}
	out := []Entry{}
	for _, d := range dirs {
		if !d.IsDir() || labels.ValidateAppName(d.Name()) != nil {
			continue
		}
		entries, err := s.List(d.Name())
		if err != nil {
			return nil, err
		}
		if len(entries) > 0 {
			out = append(out, entries[0])
		}
	}
	return out, nil
}

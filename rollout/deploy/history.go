package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/haloydev/haloy/wire"
)

// Snapshot is what is kept of a deployment for rollback (a wire type).
type Snapshot = wire.Snapshot

// HistoryEntry is one stored deployment (a wire type).
type HistoryEntry = wire.HistoryEntry

// Execer runs a command in a container and returns its output.
type Execer interface {
	Exec(ctx context.Context, containerName string, cmd []string) (string, error)
}

// History is the deployment history kept on the sidecar's data volume,
// reached with docker exec so it works from any machine with Docker access.
type History struct {
	// Exec runs commands in the sidecar container.
	Exec Execer
	// Container and Binary name the sidecar container and its binary.
	Container, Binary string
}

func (h History) run(ctx context.Context, args ...string) (string, error) {
	out, err := h.Exec.Exec(ctx, h.Container, append([]string{h.Binary, "history"}, args...))
	if err != nil {
		return "", fmt.Errorf("deployment history: %w", err)
	}
	return out, nil
}

// Save records a deployment.
func (h History) Save(ctx context.Context, app, id string, s Snapshot) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = h.run(ctx, "save", app, id, string(data))
	return err
}

// SaveAndPrune records a deployment and keeps app's newest keep
// deployments plus id, in one exec, returning the ids it removed.
func (h History) SaveAndPrune(ctx context.Context, app, id string, s Snapshot, keep int) ([]string, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	out, err := h.run(ctx, "save", app, id, string(data), "--keep", strconv.Itoa(keep))
	if err != nil {
		return nil, err
	}
	var removed []string
	if err := json.Unmarshal([]byte(out), &removed); err != nil {
		return nil, fmt.Errorf("reading pruned deployments: %w", err)
	}
	return removed, nil
}

// List returns app's recorded deployments, newest first.
func (h History) List(ctx context.Context, app string) ([]HistoryEntry, error) {
	out, err := h.run(ctx, "list", app)
	if err != nil {
		return nil, err
	}
	var entries []HistoryEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		return nil, fmt.Errorf("reading deployment history: %w", err)
	}
	return entries, nil
}

// Get returns one recorded deployment.
func (h History) Get(ctx context.Context, app, id string) (HistoryEntry, error) {
	out, err := h.run(ctx, "get", app, id)
	if err != nil {
		return HistoryEntry{}, err
	}
	var e HistoryEntry
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		return HistoryEntry{}, fmt.Errorf("reading deployment %s: %w", id, err)
	}
	return e, nil
}

// Prune keeps app's newest keep deployments plus protect and returns the
// ids it removed.
func (h History) Prune(ctx context.Context, app string, keep int, protect ...string) ([]string, error) {
	out, err := h.run(ctx, append([]string{"prune", app, strconv.Itoa(keep)}, protect...)...)
	if err != nil {
		return nil, err
	}
	var removed []string
	if err := json.Unmarshal([]byte(out), &removed); err != nil {
		return nil, fmt.Errorf("reading pruned deployments: %w", err)
	}
	return removed, nil
}

// Latest returns every app's newest recorded deployment, the app name in
// each entry's Snapshot.App.Name.
func (h History) Latest(ctx context.Context) ([]HistoryEntry, error) {
	out, err := h.run(ctx, "apps")
	if err != nil {
		return nil, err
	}
	var entries []HistoryEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		return nil, fmt.Errorf("reading deployment history: %w", err)
	}
	return entries, nil
}

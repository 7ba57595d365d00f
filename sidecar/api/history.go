package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/sidecar/history"
)

// LocalHistory is deploy.HistoryStore on the sidecar's own history folder:
// inside the sidecar the Deployer needs no docker exec.
type LocalHistory struct {
	// Store is the history folder.
	Store history.Store
}

var _ deploy.HistoryStore = LocalHistory{}

// Save records a deployment.
func (h LocalHistory) Save(_ context.Context, app, id string, s deploy.Snapshot) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return h.Store.Save(app, id, data)
}

// List returns app's recorded deployments, newest first.
func (h LocalHistory) List(_ context.Context, app string) ([]deploy.HistoryEntry, error) {
	entries, err := h.Store.List(app)
	if err != nil {
		return nil, err
	}
	out := make([]deploy.HistoryEntry, 0, len(entries))
	for _, e := range entries {
		de, err := convert(e)
		if err != nil {
			return nil, err
		}
		out = append(out, de)
	}
	return out, nil
}

// Get returns one recorded deployment.
func (h LocalHistory) Get(_ context.Context, app, id string) (deploy.HistoryEntry, error) {
	e, err := h.Store.Get(app, id)
	if err != nil {
		return deploy.HistoryEntry{}, err
	}
	return convert(e)
}

// Prune keeps app's newest keep deployments plus protect.
func (h LocalHistory) Prune(_ context.Context, app string, keep int, protect ...string) ([]string, error) {
	return h.Store.Prune(app, keep, protect...)
}

func convert(e history.Entry) (deploy.HistoryEntry, error) {
	out := deploy.HistoryEntry{ID: e.ID, Saved: e.Saved}
	if err := json.Unmarshal(e.Snapshot, &out.Snapshot); err != nil {
		return out, fmt.Errorf("reading deployment %s of %s: %w", e.ID, e.App, err)
	}
	return out, nil
}

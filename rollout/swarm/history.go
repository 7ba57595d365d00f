package swarm

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/wire"
)

// HistoryLabel marks the configs that hold deployment snapshots.
const HistoryLabel = "dev.haloy.history"

// HistoryPrefix starts the name of every history config:
// "haloy-history-<app>-<deploymentID>".
const HistoryPrefix = "haloy-history-"

// ConfigHistory keeps deployment snapshots as Swarm configs, one per
// deployment, so the history lives with the cluster: any manager context
// lists it and rolls back.
type ConfigHistory struct {
	// Configs is the cluster's config store.
	Configs Configs
}

var _ deploy.HistoryStore = ConfigHistory{}

// Save records a deployment.
func (h ConfigHistory) Save(ctx context.Context, app, id string, s deploy.Snapshot) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encoding deployment %s: %w", id, err)
	}
	l := map[string]string{HistoryLabel: "true", labels.AppName: app, labels.DeploymentID: id}
	if err := h.Configs.CreateConfig(ctx, HistoryPrefix+app+"-"+id, l, data); err != nil {
		return fmt.Errorf("deployment history: %w", err)
	}
	return nil
}

// List returns app's recorded deployments, newest first.
func (h ConfigHistory) List(ctx context.Context, app string) ([]deploy.HistoryEntry, error) {
	cs, err := h.configs(ctx, app)
	if err != nil {
		return nil, err
	}
	out := make([]deploy.HistoryEntry, 0, len(cs))
	for _, c := range cs {
		e, err := entryOf(c)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Get returns one recorded deployment.
func (h ConfigHistory) Get(ctx context.Context, app, id string) (deploy.HistoryEntry, error) {
	cs, err := h.configs(ctx, app)
	if err != nil {
		return deploy.HistoryEntry{}, err
	}
	for _, c := range cs {
		if c.Labels[labels.DeploymentID] == id {
			return entryOf(c)
		}
	}
	return deploy.HistoryEntry{}, fmt.Errorf("deployment %s of %s is not in the cluster's history", id, app)
}

// Prune keeps app's newest keep deployments plus protect and returns the
// ids it removed.
func (h ConfigHistory) Prune(ctx context.Context, app string, keep int, protect ...string) ([]string, error) {
	cs, err := h.configs(ctx, app)
	if err != nil {
		return nil, err
	}
	var removed []string
	for i, c := range cs {
		id := c.Labels[labels.DeploymentID]
		if i < keep || slices.Contains(protect, id) {
			continue
		}
		if err := h.Configs.RemoveConfig(ctx, c.ID); err != nil {
			return removed, fmt.Errorf("deployment history: %w", err)
		}
		removed = append(removed, id)
	}
	return removed, nil
}

// configs are app's history configs, newest deployment first.
func (h ConfigHistory) configs(ctx context.Context, app string) ([]Config, error) {
	cs, err := h.Configs.ListConfigs(ctx, map[string]string{HistoryLabel: "true", labels.AppName: app})
	if err != nil {
		return nil, fmt.Errorf("deployment history: %w", err)
	}
	cs = slices.DeleteFunc(cs, func(c Config) bool { return c.Labels[labels.AppName] != app })
	slices.SortFunc(cs, func(a, b Config) int {
		return strings.Compare(b.Labels[labels.DeploymentID], a.Labels[labels.DeploymentID])
	})
	return cs, nil
}

func entryOf(c Config) (deploy.HistoryEntry, error) {
	var s wire.Snapshot
	if err := json.Unmarshal(c.Data, &s); err != nil {
		return deploy.HistoryEntry{}, fmt.Errorf("reading history config %s: %w", c.Name, err)
	}
	return deploy.HistoryEntry{ID: c.Labels[labels.DeploymentID], Saved: c.Created, Snapshot: s}, nil
}

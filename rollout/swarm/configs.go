package swarm

import (
	"context"
	"fmt"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"
)

// Configs is a store of small named objects kept by the cluster (Swarm
// config objects): every manager sees them.
type Configs interface {
	// CreateConfig creates a config; it fails if the name is taken.
	CreateConfig(ctx context.Context, name string, labels map[string]string, data []byte) error
	// ListConfigs lists the configs carrying every one of labels, with their data.
	ListConfigs(ctx context.Context, labels map[string]string) ([]Config, error)
	// RemoveConfig removes a config by id.
	RemoveConfig(ctx context.Context, id string) error
}

// Config is one stored config.
type Config struct {
	// ID and Name are the config's id and name.
	ID, Name string
	// Labels are its labels.
	Labels map[string]string
	// Data is its content.
	Data []byte
	// Created is when it was created.
	Created time.Time
}

// CreateConfig creates a Swarm config.
func (m Manager) CreateConfig(ctx context.Context, name string, labels map[string]string, data []byte) error {
	spec := swarm.ConfigSpec{Annotations: swarm.Annotations{Name: name, Labels: labels}, Data: data}
	if _, err := m.API.ConfigCreate(ctx, client.ConfigCreateOptions{Spec: spec}); err != nil {
		return fmt.Errorf("creating config %s: %w", name, err)
	}
	return nil
}

// ListConfigs lists the Swarm configs carrying labels; a config listed
// without its data is inspected for it.
func (m Manager) ListConfigs(ctx context.Context, labels map[string]string) ([]Config, error) {
	f := client.Filters{}
	for k, v := range labels {
		f.Add("label", k+"="+v)
	}
	res, err := m.API.ConfigList(ctx, client.ConfigListOptions{Filters: f})
	if err != nil {
		return nil, fmt.Errorf("listing configs: %w", err)
	}
	out := make([]Config, 0, len(res.Items))
	for _, c := range res.Items {
		if len(c.Spec.Data) == 0 {
			got, err := m.API.ConfigInspect(ctx, c.ID, client.ConfigInspectOptions{})
			if err != nil {
				return nil, fmt.Errorf("inspecting config %s: %w", c.Spec.Name, err)
			}
			c = got.Config
		}
		out = append(out, Config{ID: c.ID, Name: c.Spec.Name, Labels: c.Spec.Labels, Data: c.Spec.Data, Created: c.CreatedAt})
	}
	return out, nil
}

// RemoveConfig removes a Swarm config.
func (m Manager) RemoveConfig(ctx context.Context, id string) error {
	if _, err := m.API.ConfigRemove(ctx, id, client.ConfigRemoveOptions{}); err != nil {
		return fmt.Errorf("removing config %s: %w", id, err)
	}
	return nil
}

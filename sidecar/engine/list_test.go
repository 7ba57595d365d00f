package engine

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/haloydev/haloy/internal/dockerexec"
	"github.com/haloydev/haloy/routing"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// fakeAPI lists fixed containers and answers inspects from a table.
type fakeAPI struct {
	dockerexec.API
	items    []container.Summary
	hc       map[string]bool
	inspects int
	state    *container.State // what ContainerInspect reports
	started  []string         // containers ContainerStart was called for
}

func (f *fakeAPI) ContainerStart(_ context.Context, id string, _ client.ContainerStartOptions) (client.ContainerStartResult, error) {
	f.started = append(f.started, id)
	return client.ContainerStartResult{}, nil
}

func (f *fakeAPI) ContainerStop(context.Context, string, client.ContainerStopOptions) (client.ContainerStopResult, error) {
	return client.ContainerStopResult{}, errors.New("fakeAPI cannot stop")
}

func (f *fakeAPI) ContainerRemove(context.Context, string, client.ContainerRemoveOptions) (client.ContainerRemoveResult, error) {
	return client.ContainerRemoveResult{}, errors.New("fakeAPI cannot remove")
}

// ContainerList applies label filters as Docker does: "key" needs the
// key, "key=value" the pair.
func (f *fakeAPI) ContainerList(_ context.Context, opts client.ContainerListOptions) (client.ContainerListResult, error) {
	var out []container.Summary
	for _, s := range f.items {
		if matchesLabels(s.Labels, opts.Filters["label"]) {
			out = append(out, s)
		}
	}
	return client.ContainerListResult{Items: out}, nil
}

func matchesLabels(l map[string]string, filters map[string]bool) bool {
	for f := range filters {
		k, v, pair := strings.Cut(f, "=")
		if got, ok := l[k]; !ok || pair && got != v {
			return false
		}
	}
	return true
}

func (f *fakeAPI) Events(context.Context, client.EventsListOptions) client.EventsResult {
	return client.EventsResult{}
}

func (f *fakeAPI) ContainerInspect(_ context.Context, id string, _ client.ContainerInspectOptions) (client.ContainerInspectResult, error) {
	f.inspects++
	cfg := &container.Config{}
	if f.hc[id] {
		cfg.Healthcheck = &container.HealthConfig{Test: []string{"CMD", "/app", "-healthcheck"}}
	}
	return client.ContainerInspectResult{Container: container.InspectResponse{Config: cfg, State: f.state}}, nil
}

func summary(id, status string) container.Summary {
	return container.Summary{
		ID: id, Names: []string{"/" + id}, State: container.StateRunning, Status: status,
		Labels: map[string]string{"dev.haloy.role": "app"},
		NetworkSettings: &container.NetworkSettingsSummary{Networks: map[string]*network.EndpointSettings{
			"haloy": {IPAddress: netip.MustParseAddr("10.0.0.2")},
		}},
	}
}

func TestListReadsHealthAndAddress(t *testing.T) {
	api := &fakeAPI{
		items: []container.Summary{
			summary("fresh-hc", "Up Less than a second"),
			summary("plain", "Up 3 seconds"),
			summary("healthy", "Up 9 seconds (healthy)"),
		},
		hc: map[string]bool{"fresh-hc": true},
	}
	e := New(api, "haloy")
	for range 2 {
		cs, err := e.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]routing.Health{"fresh-hc": routing.HealthStarting, "plain": routing.HealthNone, "healthy": routing.HealthHealthy}
		for _, c := range cs {
			if c.Health != want[c.ID] || c.Address != "10.0.0.2" {
				t.Errorf("%s: health %q address %q, want %q and 10.0.0.2", c.ID, c.Health, c.Address, want[c.ID])
			}
		}
	}
	if api.inspects != 2 {
		t.Errorf("%d inspects over two lists, want 2: once per container whose status shows no health", api.inspects)
	}
}

func TestListKeepsEveryHaloyLabelledContainer(t *testing.T) {
	withLabels := func(id string, l map[string]string) container.Summary {
		s := summary(id, "Up 1 second")
		s.Labels = l
		return s
	}
	api := &fakeAPI{items: []container.Summary{
		withLabels("routed", map[string]string{"dev.haloy.role": "app", "dev.haloy.appName": "web"}),
		withLabels("no-role", map[string]string{"dev.haloy.appName": "web", "dev.haloy.domain.0": "web.example.com"}),
		withLabels("role-typo", map[string]string{"dev.haloy.rol": "app", "dev.haloy.appName": "web"}),
		withLabels("unrelated", map[string]string{"com.example.app": "x"}),
		withLabels("lock", map[string]string{"dev.haloy.lock": "web", "dev.haloy.lock.owner": "me"}),
	}}
	got, err := New(api, "haloy").List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range got {
		ids = append(ids, c.ID)
	}
	if want := []string{"routed", "no-role", "role-typo"}; !slices.Equal(ids, want) {
		t.Errorf("List = %v, want %v (every dev.haloy.* container but locks)", ids, want)
	}
}

package swarm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
)

// memConfigs is an in-memory config store with Swarm's rules: unique
// names, listing by labels.
type memConfigs struct {
	byName map[string]Config
	clock  time.Time
}

func (m *memConfigs) CreateConfig(_ context.Context, name string, l map[string]string, data []byte) error {
	if _, ok := m.byName[name]; ok {
		return fmt.Errorf("config %s: already exists", name)
	}
	m.clock = m.clock.Add(time.Second)
	m.byName[name] = Config{ID: "id-" + name, Name: name, Labels: maps.Clone(l), Data: data, Created: m.clock}
	return nil
}

func (m *memConfigs) ListConfigs(_ context.Context, l map[string]string) ([]Config, error) {
	var out []Config
	for _, n := range slices.Sorted(maps.Keys(m.byName)) {
		c := m.byName[n]
		match := true
		for k, v := range l {
			match = match && c.Labels[k] == v
		}
		if match {
			out = append(out, c)
		}
	}
	return out, nil
}

func (m *memConfigs) RemoveConfig(_ context.Context, id string) error {
	for n, c := range m.byName {
		if c.ID == id || c.Name == id {
			delete(m.byName, n)
			return nil
		}
	}
	return fmt.Errorf("config %s not found", id)
}

func TestConfigHistory(t *testing.T) {
	ctx := context.Background()
	store := &memConfigs{byName: map[string]Config{}, clock: time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)}
	h := ConfigHistory{Configs: store}
	ids := []string{"20261202040001", "20261202040003", "20261202040002", "20261202040004"}
	for _, id := range ids {
		snap := deploy.Snapshot{App: config.App{Name: "blog"}, Image: "reg/blog:" + id}
		if err := h.Save(ctx, "blog", id, snap); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Save(ctx, "blog-admin", "20261202040009", deploy.Snapshot{}); err != nil {
		t.Fatal(err)
	}
	if err := h.Save(ctx, "blog", ids[0], deploy.Snapshot{}); err == nil {
		t.Error("saving a deployment twice succeeded")
	}
	list, err := h.List(ctx, "blog")
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(list); !slices.Equal(got, []string{"20261202040004", "20261202040003", "20261202040002", "20261202040001"}) {
		t.Fatalf("List = %v, want newest first and only blog's", got)
	}
	e, err := h.Get(ctx, "blog", "20261202040002")
	if err != nil || e.Snapshot.Image != "reg/blog:20261202040002" {
		t.Fatalf("Get = %+v, %v", e, err)
	}
	if _, err := h.Get(ctx, "blog", "20261202049999"); err == nil {
		t.Error("Get of an unknown deployment succeeded")
	}
	removed, err := h.Prune(ctx, "blog", 2, "20261202040001")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{"20261202040002"}) {
		t.Errorf("Prune removed %v, want the third newest only (the oldest is protected)", removed)
	}
	list, _ = h.List(ctx, "blog")
	if got := idsOf(list); !slices.Equal(got, []string{"20261202040004", "20261202040003", "20261202040001"}) {
		t.Errorf("after Prune: %v", got)
	}
	if other, _ := h.List(ctx, "blog-admin"); len(other) != 1 {
		t.Errorf("another app's history was touched: %v", idsOf(other))
	}
}

func TestLock(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)
	store := &memConfigs{byName: map[string]Config{}, clock: now}
	unlock, err := lock(ctx, store, "blog", time.Minute, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock(ctx, store, "blog", time.Minute, now.Add(10*time.Second)); err == nil {
		t.Fatal("a second deploy took a held lock")
	}
	if u, err := lock(ctx, store, "other", time.Minute, now); err != nil {
		t.Fatalf("another app's lock: %v", err)
	} else {
		u()
	}
	unlock()
	unlock2, err := lock(ctx, store, "blog", time.Minute, now)
	if err != nil {
		t.Fatalf("the released lock: %v", err)
	}
	_ = unlock2 // left held: a deploy that died
	if _, err := lock(ctx, store, "blog", time.Minute, now.Add(2*time.Minute)); err != nil {
		t.Fatalf("a stale lock was not taken over: %v", err)
	}
}

func idsOf(es []deploy.HistoryEntry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

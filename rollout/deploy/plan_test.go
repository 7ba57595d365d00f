package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
)

var update = flag.Bool("update", false, "rewrite the golden plan files in testdata/plan")

// planApp is a haloy.yaml app with every kind of input a plan shows.
func planApp(replicas, parallelism int, order string) config.App {
	app := config.App{Name: "blog", Replicas: replicas,
		Source:    config.Source{Image: config.Image{Repository: "registry.example.com/blog", Tag: "2.1"}},
		Domains:   []config.Domain{{Domain: "blog.example.com", Aliases: []string{"www.blog.example.com"}}},
		Env:       []config.EnvVar{{Name: "LOG_LEVEL", Value: "debug"}, {Name: "DATABASE_URL", SecretName: "blog-db"}},
		Volumes:   []string{"uploads:/var/lib/blog/uploads", "./config:/etc/blog:ro"},
		Update:    config.Update{Parallelism: parallelism, Order: order},
		PreDeploy: []string{"./migrate.sh"}, PostDeploy: []string{"curl -fsS https://blog.example.com/"},
	}
	app.ApplyDefaults()
	return app
}

func TestPlanGolden(t *testing.T) {
	tests := []struct {
		name string
		app  config.App
		old  []string
	}{
		{name: "first", app: planApp(2, 0, "")},
		{name: "replace", app: planApp(2, 0, ""), old: []string{"blog-20261201000000-1", "blog-20261201000000-2"}},
		{name: "rolling", app: planApp(3, 2, ""), old: []string{"blog-20261201000000-1", "blog-20261201000000-2"}},
		{name: "rolling-stop-first", app: planApp(2, 1, config.OrderStopFirst), old: []string{"blog-20261201000000-1", "blog-20261201000000-2", "blog-20261201000000-3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEngine(nil, tt.old...)
			d := &Deployer{Engine: e, Sidecar: e, Now: func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}
			p, err := d.Plan(context.Background(), Request{App: tt.app, ConfigFile: "/srv/blog/haloy.yaml"})
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".txt", []byte(p.String()))
			golden(t, tt.name+".json", append(js, '\n'))
			if calls := e.named("create"); len(calls) != 0 || len(e.calls) != 0 {
				t.Errorf("the plan changed the engine: %v", e.calls)
			}
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "plan", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended)\n--- got\n%s", path, got)
	}
}

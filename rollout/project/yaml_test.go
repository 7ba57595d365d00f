package project

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
)

// TestYAMLLoadsBack loads each golden case's YAML with compose-go's loader,
// as `docker compose -f - up` would, and checks that it is the same project:
// same image, environment (with "$" intact), labels and config hash.
func TestYAMLLoadsBack(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.dir, func(t *testing.T) {
			p, err := FromApp(loadApp(t, c.dir), c.opts)
			if err != nil {
				t.Fatal(err)
			}
			loaded := loadYAML(t, p)
			want := p.Services[p.Name]
			got, err := loaded.GetService(p.Name)
			if err != nil {
				t.Fatalf("loaded project: %v", err)
			}
			compareServices(t, got, want)
			if !maps.Equal(ContainerLabels(loaded, got, 1), ContainerLabels(p, want, 1)) {
				t.Errorf("container labels differ:\nloaded %v\nbuilt  %v", ContainerLabels(loaded, got, 1), ContainerLabels(p, want, 1))
			}
		})
	}
}

func loadYAML(t *testing.T, p *types.Project) *types.Project {
	t.Helper()
	data, err := YAML(p)
	if err != nil {
		t.Fatal(err)
	}
	details := types.ConfigDetails{
		WorkingDir:  p.WorkingDir,
		ConfigFiles: []types.ConfigFile{{Filename: p.ComposeFiles[0], Content: data}},
		Environment: types.Mapping{},
	}
	loaded, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SkipResolveEnvironment = true
		o.SetProjectName(p.Name, true)
	})
	if err != nil {
		t.Fatalf("loading the YAML back: %v\n%s", err, data)
	}
	// The compose CLI records the files it loaded; the loader alone does not.
	loaded.ComposeFiles = []string{details.ConfigFiles[0].Filename}
	return loaded
}

func compareServices(t *testing.T, got, want types.ServiceConfig) {
	t.Helper()
	if got.Image != want.Image {
		t.Errorf("image = %q, want %q", got.Image, want.Image)
	}
	if !maps.Equal(got.Labels, want.Labels) {
		t.Errorf("labels = %v, want %v", got.Labels, want.Labels)
	}
	if !maps.Equal(got.Environment.ToMapping(), want.Environment.ToMapping()) {
		t.Errorf("environment = %v, want %v", got.Environment.ToMapping(), want.Environment.ToMapping())
	}
	if got.GetScale() != want.GetScale() {
		t.Errorf("scale = %d, want %d", got.GetScale(), want.GetScale())
	}
	gotHash, _ := ConfigHash(got)
	wantHash, _ := ConfigHash(want)
	if gotHash != wantHash {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("config hash of the loaded service differs:\nloaded %s\nbuilt  %s", g, w)
	}
}

func TestYAMLLeavesProjectUnchanged(t *testing.T) {
	app := testApp()
	app.Env = []config.EnvVar{{Name: "PRICE", Value: "$5"}}
	p, err := FromApp(app, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := YAML(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "PRICE: $$5") {
		t.Errorf("want $ escaped as $$ in the YAML:\n%s", out)
	}
	if got := *p.Services["shop"].Environment["PRICE"]; got != "$5" {
		t.Errorf("YAML changed the project's value to %q", got)
	}
}

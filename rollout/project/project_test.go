package project

import (
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

func testApp() config.App {
	return config.App{
		Name:    "shop",
		Source:  config.Source{Image: config.Image{Repository: "example/shop", Tag: "3.1"}},
		Domains: []config.Domain{{Domain: "shop.example.com", Aliases: []string{"www.shop.example.com"}}},
		Port:    "3000",
	}
}

func TestFromAppService(t *testing.T) {
	p, err := FromApp(testApp(), Options{DeploymentID: "20260102030405", ConfigFile: "/apps/shop/haloy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := p.Services["shop"]
	if !ok || svc.Name != "shop" || p.Name != "shop" {
		t.Fatalf("want project and service named after the app, got project %q services %v", p.Name, p.ServiceNames())
	}
	checks := []struct{ what, got, want string }{
		{"image", svc.Image, "example/shop:20260102030405"},
		{"restart", svc.Restart, "unless-stopped"},
		{"working dir", p.WorkingDir, "/apps/shop"},
		{"compose files", strings.Join(p.ComposeFiles, ","), "/apps/shop/haloy.yaml"},
		{"stop grace period", time.Duration(*svc.StopGracePeriod).String(), "10s"},
		{"network name", p.Networks["haloy"].Name, "haloy"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if !bool(p.Networks["haloy"].External) {
		t.Error("network haloy must be external")
	}
	if _, ok := svc.Networks["haloy"]; !ok || len(svc.Networks) != 1 {
		t.Errorf("service networks = %v, want only haloy", svc.Networks)
	}
	if svc.HealthCheck != nil {
		t.Errorf("healthcheck = %+v, want none", svc.HealthCheck)
	}
	if got := svc.GetScale(); got != 1 {
		t.Errorf("replicas = %d, want the default 1", got)
	}
}

func TestFromAppLabelsDecode(t *testing.T) {
	app := testApp()
	app.ACMEEmail = "ops@example.com"
	app.ACMEChallenge = labels.ChallengeTLSALPN01
	p, err := FromApp(app, Options{DeploymentID: "20260102030405"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := labels.Decode(p.Services["shop"].Labels)
	if err != nil {
		t.Fatalf("service labels do not decode: %v", err)
	}
	if r.AppName != "shop" || r.DeploymentID != "20260102030405" || r.Port != "3000" ||
		r.ACMEEmail != "ops@example.com" || r.Challenge() != labels.ChallengeTLSALPN01 || len(r.Domains) != 1 || r.Domains[0].Aliases[0] != "www.shop.example.com" {
		t.Errorf("decoded route = %+v", r)
	}
}

func TestFromAppImageTag(t *testing.T) {
	tests := []struct{ tag, deploymentID, want string }{
		{tag: "3.1", want: "example/shop:3.1"},
		{tag: "", want: "example/shop:latest"},
		{tag: "3.1", deploymentID: "20260102030405", want: "example/shop:20260102030405"},
	}
	for _, tt := range tests {
		app := testApp()
		app.Source.Image.Tag = tt.tag
		p, err := FromApp(app, Options{DeploymentID: tt.deploymentID})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Services["shop"].Image; got != tt.want {
			t.Errorf("tag %q, deployment %q: image = %q, want %q", tt.tag, tt.deploymentID, got, tt.want)
		}
	}
}

func TestFromAppOptions(t *testing.T) {
	app := testApp()
	app.Replicas = 4
	p, err := FromApp(app, Options{Network: "edge", WorkingDir: "/elsewhere", ConfigFile: "/apps/shop/haloy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	svc := p.Services["shop"]
	if _, ok := svc.Networks["edge"]; !ok || !bool(p.Networks["edge"].External) || p.Networks["edge"].Name != "edge" {
		t.Errorf("want the service on external network edge, got %v / %v", svc.Networks, p.Networks)
	}
	if p.WorkingDir != "/elsewhere" {
		t.Errorf("working dir = %q, want the explicit /elsewhere", p.WorkingDir)
	}
	if svc.GetScale() != 4 {
		t.Errorf("replicas = %d, want 4", svc.GetScale())
	}
	if _, ok := svc.Labels[labels.DeploymentID]; ok {
		t.Error("no deployment id was given, so none may be labelled")
	}
}

func TestFromAppNamedVolumes(t *testing.T) {
	app := testApp()
	app.Volumes = []string{"data:/data", "/host/logs:/logs"}
	p, err := FromApp(app, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Volumes) != 1 || p.Volumes["data"].Name != "shop_data" {
		t.Errorf("project volumes = %v, want only data named shop_data", p.Volumes)
	}
}

func TestFromAppErrors(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*config.App)
		opts    Options
		wantErr string
	}{
		{name: "bad app name", edit: func(a *config.App) { a.Name = "Shop!" }, wantErr: `app name "Shop!"`},
		{name: "no repository", edit: func(a *config.App) { a.Source.Image.Repository = "" }, wantErr: "source.image.repository is empty"},
		{name: "negative replicas", edit: func(a *config.App) { a.Replicas = -1 }, wantErr: "replicas is -1"},
		{name: "bad deployment id", opts: Options{DeploymentID: "yesterday"}, wantErr: `deployment id "yesterday"`},
		{name: "bad volume", edit: func(a *config.App) { a.Volumes = []string{"data:rel"} }, wantErr: `app shop: volume "data:rel"`},
		{
			name:    "unresolved secret",
			edit:    func(a *config.App) { a.Env = []config.EnvVar{{Name: "KEY", SecretName: "shop-key"}} },
			wantErr: `app shop: env KEY: secret "shop-key" has no resolved value`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := testApp()
			if tt.edit != nil {
				tt.edit(&app)
			}
			_, err := FromApp(app, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

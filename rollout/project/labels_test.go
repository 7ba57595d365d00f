package project

import (
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

func TestContainerLabels(t *testing.T) {
	app := testApp()
	p, err := FromApp(app, Options{DeploymentID: "20260102030405", ConfigFile: "/apps/shop/haloy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	svc := p.Services["shop"]
	hash, err := ConfigHash(svc)
	if err != nil {
		t.Fatal(err)
	}
	got := ContainerLabels(p, svc, 2)
	want := map[string]string{
		"com.docker.compose.project":              "shop",
		"com.docker.compose.service":              "shop",
		"com.docker.compose.container-number":     "2",
		"com.docker.compose.oneoff":               "False",
		"com.docker.compose.project.working_dir":  "/apps/shop",
		"com.docker.compose.project.config_files": "/apps/shop/haloy.yaml",
		"com.docker.compose.config-hash":          hash,
		"com.docker.compose.version":              ComposeVersion,
		"com.docker.compose.depends_on":           "",
		"com.docker.compose.image":                "example/shop:20260102030405",
		"dev.haloy.role":                          "app",
		"dev.haloy.appName":                       "shop",
		"dev.haloy.deployment-id":                 "20260102030405",
		"dev.haloy.port":                          "3000",
		"dev.haloy.health-check-path":             "/",
		"dev.haloy.domain.0":                      "shop.example.com",
		"dev.haloy.domain.0.alias.0":              "www.shop.example.com",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d labels, want %d: %v", len(got), len(want), got)
	}
	if _, ok := svc.Labels["com.docker.compose.project"]; ok {
		t.Error("ContainerLabels must not write into the service's labels")
	}
}

func TestContainerLabelsImageDigest(t *testing.T) {
	p, err := FromApp(testApp(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := p.Services["shop"]
	svc.CustomLabels = svc.CustomLabels.Add(ImageLabel, "sha256:abc")
	if got := ContainerLabels(p, svc, 1)[ImageLabel]; got != "sha256:abc" {
		t.Errorf("image label = %q, want the image ID the caller set", got)
	}
}

func TestDependsOn(t *testing.T) {
	deps := types.DependsOnConfig{
		"db":    {Condition: types.ServiceConditionHealthy, Restart: true},
		"cache": {Condition: types.ServiceConditionStarted},
	}
	if got, want := dependsOn(deps), "cache:service_started:false,db:service_healthy:true"; got != want {
		t.Errorf("dependsOn = %q, want %q", got, want)
	}
}

func TestVolumeLabels(t *testing.T) {
	p := &types.Project{Name: "shop"}
	got := VolumeLabels(p, "data")
	if got[ProjectLabel] != "shop" || got[VolumeLabel] != "data" || got[VersionLabel] != ComposeVersion {
		t.Errorf("VolumeLabels = %v", got)
	}
}

func TestContainerName(t *testing.T) {
	tests := []struct {
		app, id string
		n       int
		want    string
	}{
		{"blog", "20260102030405", 1, "blog-20260102030405-1"},
		{"blog", "20260102030405", 12, "blog-20260102030405-12"},
		{"blog", "", 3, "blog-3"},
	}
	for _, tt := range tests {
		if got := ContainerName(tt.app, tt.id, tt.n); got != tt.want {
			t.Errorf("ContainerName(%q, %q, %d) = %q, want %q", tt.app, tt.id, tt.n, got, tt.want)
		}
	}
}

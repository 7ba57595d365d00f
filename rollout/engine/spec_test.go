package engine_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
)

func TestServiceSpec(t *testing.T) {
	grace := types.Duration(7 * time.Second)
	svc := types.ServiceConfig{Name: "web", Restart: types.RestartPolicyUnlessStopped}
	svc.Image = "repo/web:20261130120000"
	svc.Environment = types.NewMappingWithEquals([]string{"B=2", "A=1"})
	svc.Labels = types.Labels{"dev.haloy.appName": "web"}
	svc.StopGracePeriod = &grace
	svc.Networks = map[string]*types.ServiceNetworkConfig{"haloy": {Aliases: []string{"web"}}}
	svc.Ports = []types.ServicePortConfig{{Target: 80, Published: "8080", HostIP: "127.0.0.1"}}
	svc.Volumes = []types.ServiceVolumeConfig{
		{Type: types.VolumeTypeVolume, Source: "data", Target: "/data"},
		{Type: types.VolumeTypeBind, Source: "/srv/cfg", Target: "/cfg", ReadOnly: true},
	}
	p := &types.Project{
		Name:     "web",
		Services: types.Services{"web": svc},
		Networks: types.Networks{"haloy": types.NetworkConfig{Name: "haloy", External: true}},
		Volumes:  types.Volumes{"data": types.VolumeConfig{Name: "web_data"}},
	}
	spec, err := engine.APISpec(project.ContainerSpec(p, svc, 2, "web-20261130120000-2"))
	if err != nil {
		t.Fatal(err)
	}
	if spec.Name != "web-20261130120000-2" || spec.Config.Image != svc.Image {
		t.Errorf("name/image = %s %s", spec.Name, spec.Config.Image)
	}
	if !reflect.DeepEqual(spec.Config.Env, []string{"A=1", "B=2"}) {
		t.Errorf("Env = %v, want sorted A=1 B=2", spec.Config.Env)
	}
	if spec.Config.Labels["dev.haloy.appName"] != "web" || spec.Config.Labels[project.ContainerNumberLabel] != "2" || spec.Config.Labels[project.ProjectLabel] != "web" {
		t.Errorf("labels = %v, want the service's and Compose's", spec.Config.Labels)
	}
	if spec.Config.StopTimeout == nil || *spec.Config.StopTimeout != 7 {
		t.Errorf("StopTimeout = %v, want 7", spec.Config.StopTimeout)
	}
	wantMounts := []mount.Mount{
		{Type: mount.TypeVolume, Source: "web_data", Target: "/data"},
		{Type: mount.TypeBind, Source: "/srv/cfg", Target: "/cfg", ReadOnly: true},
	}
	if !reflect.DeepEqual(spec.HostConfig.Mounts, wantMounts) {
		t.Errorf("Mounts = %+v, want %+v", spec.HostConfig.Mounts, wantMounts)
	}
	port := network.MustParsePort("80/tcp")
	if b := spec.HostConfig.PortBindings[port]; len(b) != 1 || b[0].HostPort != "8080" || b[0].HostIP.String() != "127.0.0.1" {
		t.Errorf("PortBindings = %v, want 127.0.0.1:8080->80/tcp", spec.HostConfig.PortBindings)
	}
	if string(spec.HostConfig.NetworkMode) != "haloy" || spec.HostConfig.RestartPolicy.Name != "unless-stopped" {
		t.Errorf("network/restart = %s %s", spec.HostConfig.NetworkMode, spec.HostConfig.RestartPolicy.Name)
	}
	if ep := spec.Networking.EndpointsConfig["haloy"]; ep == nil || !reflect.DeepEqual(ep.Aliases, []string{"web"}) {
		t.Errorf("endpoint = %+v, want haloy with alias web", ep)
	}
}

func TestServiceSpecRejectsBadHostIP(t *testing.T) {
	svc := types.ServiceConfig{Name: "web"}
	svc.Ports = []types.ServicePortConfig{{Target: 80, Published: "80", HostIP: "not-an-ip"}}
	p := &types.Project{Name: "web", Services: types.Services{"web": svc}}
	if _, err := engine.APISpec(project.ContainerSpec(p, svc, 1, "web-1")); err == nil {
		t.Error("ServiceSpec accepted host address not-an-ip")
	}
}

func TestServiceSpecJoinsEveryNetwork(t *testing.T) {
	svc := types.ServiceConfig{Name: "web"}
	svc.Networks = map[string]*types.ServiceNetworkConfig{
		"front": {Aliases: []string{"web"}},
		"back":  nil,
		"db":    {Aliases: []string{"web-db"}},
	}
	p := &types.Project{Name: "web", Services: types.Services{"web": svc},
		Networks: types.Networks{"front": {Name: "haloy"}, "back": {Name: "web_back"}, "db": {}}}
	spec, err := engine.APISpec(project.ContainerSpec(p, svc, 1, "web-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := joined(spec), []string{"db", "haloy", "web_back"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Networks() = %v, want %v", got, want)
	}
	if len(spec.Networking.EndpointsConfig) != 1 || spec.Networking.EndpointsConfig["web_back"] == nil {
		t.Errorf("created on %v, want only web_back (first key: back)", spec.Networking.EndpointsConfig)
	}
	if string(spec.HostConfig.NetworkMode) != "web_back" {
		t.Errorf("NetworkMode = %s, want web_back", spec.HostConfig.NetworkMode)
	}
	if ep := spec.Connect["db"]; ep == nil || !reflect.DeepEqual(ep.Aliases, []string{"web-db"}) {
		t.Errorf("db endpoint = %+v, want alias web-db", ep)
	}
}

// joined lists every network the container joins, sorted.
func joined(s engine.Spec) []string {
	var out []string
	if s.Networking != nil {
		out = slices.Collect(maps.Keys(s.Networking.EndpointsConfig))
	}
	return slices.Sorted(slices.Values(append(out, slices.Collect(maps.Keys(s.Connect))...)))
}

package spec

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
)

func TestContainer(t *testing.T) {
	app := config.App{Name: "web", Replicas: 0,
		Source:          config.Source{Image: config.Image{Repository: "r/web", Tag: "1"}},
		Env:             []config.EnvVar{{Name: "B", Value: "2"}, {Name: "A", Value: "1"}, {Name: "S", SecretName: "s"}},
		Volumes:         []string{"data:/data", "./cfg:/cfg:ro"},
		StopGracePeriod: config.Duration(3 * time.Second),
	}
	svc, err := FromApp(app, Options{DeploymentID: "20261202120000", ConfigFile: "/srv/web/haloy.yaml", Env: map[string]string{"S": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc.Replicas != 1 {
		t.Errorf("Replicas = %d, want at least 1", svc.Replicas)
	}
	svc.ImageID = "sha256:1"
	c := svc.Container(2, "web-20261202120000-2")
	grace := 3 * time.Second
	want := Container{Name: "web-20261202120000-2", Image: "r/web:20261202120000", Env: []string{"A=1", "B=2", "S=x"},
		Mounts:   []Mount{{Type: MountVolume, Source: "web_data", Target: "/data"}, {Type: MountBind, Source: "/srv/web/cfg", Target: "/cfg", ReadOnly: true}},
		Networks: []Network{{Name: DefaultNetwork}}, Restart: RestartPolicy, StopGrace: &grace}
	labels := c.Labels
	c.Labels = nil
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Container =\n%+v\nwant\n%+v", c, want)
	}
	for k, v := range map[string]string{
		ProjectLabel: "web", ServiceLabel: "web", ContainerNumberLabel: "2", ImageLabel: "sha256:1",
		WorkingDirLabel: "/srv/web", ConfigFilesLabel: "/srv/web/haloy.yaml", "dev.haloy.deployment-id": "20261202120000",
	} {
		if labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, labels[k], v)
		}
	}
	if h := labels[ConfigHashLabel]; len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Errorf("config hash %q, want 64 hex digits", h)
	}
	if other := svc.WithLabels(map[string]string{"dev.haloy.rollout": "start-first"}); other.ConfigHash() == svc.ConfigHash() || len(svc.Labels) == len(other.Labels) {
		t.Errorf("WithLabels changed the original or not the hash")
	}
}

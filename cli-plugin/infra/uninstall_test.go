package infra

import (
	"errors"
	"strings"
	"testing"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
)

func TestPlanUninstall(t *testing.T) {
	infra := []engine.Container{{Name: HAProxyContainer}, {Name: SidecarContainer}, {Name: GuardContainer}}
	plain := engine.Container{Name: "blog-web-1", Labels: map[string]string{labels.AppName: "blog"}}
	in := Installed{Infra: infra, Locks: []engine.Container{{Name: "haloy-deploy-lock-web"}}, Apps: []engine.Container{plain},
		ImageTags: []string{"web:20261201120000"}, InfraImages: []string{"haproxy:3.2"}, ConfigDir: "/home/me/.config/haloy"}

	p, err := PlanUninstall(in, UninstallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range p.Containers {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "haloy-guard haloy-sidecar haloy-haproxy haloy-deploy-lock-web" {
		t.Errorf("containers in order %q", got)
	}
	if p.Network != NetworkName || len(p.Volumes) != 0 || len(p.Images) != 0 {
		t.Errorf("plan without flags: %+v", p)
	}
	kept := strings.Join(p.Kept, "\n")
	for _, want := range []string{"volumes haloy-haproxy and haloy-sidecar-data", "web:20261201120000", "haproxy:3.2", "blog-web-1", "/home/me/.config/haloy"} {
		if !strings.Contains(kept, want) {
			t.Errorf("kept list lacks %q:\n%s", want, kept)
		}
	}

	p, err = PlanUninstall(in, UninstallOptions{Volumes: true, Images: true})
	if err != nil || len(p.Volumes) != 2 || len(p.Images) != 1 || strings.Contains(strings.Join(p.Kept, "\n"), "--volumes") {
		t.Errorf("plan with --volumes --images: %+v, %v", p, err)
	}

	in.Apps = append(in.Apps, engine.Container{Name: "web-20261201120000-1", Labels: map[string]string{labels.AppName: "web", labels.DeploymentID: "20261201120000"}})
	if _, err := PlanUninstall(in, UninstallOptions{}); !errors.Is(err, ErrAppsRunning) || !strings.Contains(err.Error(), "docker haloy stop web") {
		t.Errorf("with a deployed app running: %v", err)
	}
}

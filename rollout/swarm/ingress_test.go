package swarm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/contract"
)

var ingressOpts = IngressOptions{SidecarImage: "haloydev/haloy-sidecar:dev", HAProxyImage: "haproxy:3.2", HTTPPort: 80, HTTPSPort: 443, LeaderNode: "leadernode1"}

// TestIngressSpecsGolden pins the two global services (testdata/ingress).
func TestIngressSpecsGolden(t *testing.T) {
	for name, spec := range map[string]swarm.ServiceSpec{
		"follower.json": withSpecHash(FollowerSpec(ingressOpts, "secretid", TokenSecretName("tok"))),
		"haproxy.json":  withSpecHash(IngressSpec(ingressOpts)),
	} {
		got, _ := json.MarshalIndent(spec, "", "  ")
		got = append(got, '\n')
		path := filepath.Join("testdata", "ingress", name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("reading golden file (run with -update to create it): %v", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the output (run with -update if the change is intended)\n--- got\n%s", path, got)
		}
	}
}

// TestIngressSpecs checks what the golden files must keep: global mode on
// labelled nodes but the leader's, host-mode ports, the shared volume at
// the paths the follower and HAProxy expect, and the token file.
func TestIngressSpecs(t *testing.T) {
	f, h := FollowerSpec(ingressOpts, "sid", "sname"), IngressSpec(ingressOpts)
	for _, s := range []swarm.ServiceSpec{f, h} {
		if s.Mode.Global == nil || s.Mode.Replicated != nil {
			t.Errorf("%s: mode %+v, want global", s.Name, s.Mode)
		}
		c := s.TaskTemplate.Placement.Constraints
		if !slices.Contains(c, "node.labels.haloy.ingress==true") || !slices.Contains(c, "node.id!=leadernode1") {
			t.Errorf("%s: constraints %v", s.Name, c)
		}
		if m := s.TaskTemplate.ContainerSpec.Mounts; len(m) != 1 || m[0].Source != contract.IngressVolume {
			t.Errorf("%s: mounts %+v", s.Name, m)
		}
		for k := range s.Labels {
			if strings.HasPrefix(k, "dev.haloy.") {
				t.Errorf("%s: label %s would make the sidecar route it", s.Name, k)
			}
		}
	}
	if m := f.TaskTemplate.ContainerSpec.Mounts[0]; m.Target != contract.SidecarHAProxyDir {
		t.Errorf("follower mounts the volume at %s", m.Target)
	}
	if m := h.TaskTemplate.ContainerSpec.Mounts[0]; m.Target != contract.HAProxyDir {
		t.Errorf("haproxy mounts the volume at %s", m.Target)
	}
	args := strings.Join(f.TaskTemplate.ContainerSpec.Args, " ")
	if !strings.Contains(args, "-token-file /run/secrets/"+contract.FollowTokenSecret) || !strings.HasPrefix(args, contract.FollowCommand+" ") {
		t.Errorf("follower args %q", args)
	}
	if h := f.TaskTemplate.ContainerSpec.Hostname; h != "{{.Node.Hostname}}" {
		t.Errorf("follower host name %q, want its node's (the name it polls the leader with)", h)
	}
	if sec := f.TaskTemplate.ContainerSpec.Secrets; len(sec) != 1 || sec[0].File.Name != contract.FollowTokenSecret || sec[0].SecretID != "sid" {
		t.Errorf("follower secrets %+v", sec)
	}
	for _, p := range h.EndpointSpec.Ports {
		if p.PublishMode != swarm.PortConfigPublishModeHost {
			t.Errorf("port %d published in %s mode, want host", p.TargetPort, p.PublishMode)
		}
	}
	if TokenSecretName("a") == TokenSecretName("b") || !strings.HasPrefix(TokenSecretName("a"), contract.FollowTokenSecret+"-") {
		t.Errorf("secret names %s %s", TokenSecretName("a"), TokenSecretName("b"))
	}
	if withSpecHash(h).Labels[specHashLabel] == withSpecHash(IngressSpec(IngressOptions{HAProxyImage: "other"})).Labels[specHashLabel] {
		t.Error("two different specs have the same hash")
	}
}

package swarm

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/swarm"
)

var created = time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)

func service(id, name string, svcLabels, ctrLabels map[string]string, hc *container.HealthConfig) swarm.Service {
	s := swarm.Service{ID: id}
	s.Spec.Name = name
	s.Spec.Labels = svcLabels
	s.Spec.TaskTemplate.ContainerSpec = &swarm.ContainerSpec{Image: name + ":v1", Labels: ctrLabels, Healthcheck: hc}
	return s
}

func attachment(network, cidr string) swarm.NetworkAttachment {
	na := swarm.NetworkAttachment{Addresses: []netip.Prefix{netip.MustParsePrefix(cidr)}}
	na.Network.Spec.Name = network
	return na
}

func task(id, svc, node string, slot int, state, desired swarm.TaskState, nets ...swarm.NetworkAttachment) swarm.Task {
	t := swarm.Task{ID: id, ServiceID: svc, NodeID: node, Slot: slot, DesiredState: desired, NetworksAttachments: nets}
	t.Status.State = state
	t.CreatedAt = created
	return t
}

// updated is svc with its container spec's image changed, as a
// `docker service update --image` leaves it.
func updated(svc swarm.Service, image string) swarm.Service {
	cs := *svc.Spec.TaskTemplate.ContainerSpec
	cs.Image = image
	svc.Spec.TaskTemplate.ContainerSpec = &cs
	return svc
}

// withImage gives t a container spec of its own running image.
func withImage(t swarm.Task, image string) swarm.Task {
	t.Spec.ContainerSpec = &swarm.ContainerSpec{Image: image}
	return t
}

func node(id string, state swarm.NodeState) swarm.Node {
	n := swarm.Node{ID: id}
	n.Status.State = state
	return n
}

func TestContainers(t *testing.T) {
	web := map[string]string{"dev.haloy.role": "app", "dev.haloy.app": "web", "dev.haloy.port": "8080"}
	haloyNet := attachment("haloy", "10.0.1.5/24")
	ingress := attachment("ingress", "10.0.0.9/24")
	nodes := []swarm.Node{node("n1", swarm.NodeStateReady), node("n2", swarm.NodeStateReady), node("n3", swarm.NodeStateDown)}
	running, shutdown := swarm.TaskStateRunning, swarm.TaskStateShutdown
	tests := []struct {
		name  string
		snap  Snapshot
		hc    HealthcheckFunc
		want  []routing.Container
		names []string // when set, only the names are compared
	}{
		{
			name: "a running task on the network, labels from the service",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "shop_web", web, nil, nil)},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, ingress, haloyNet)},
				Nodes:    nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "shop_web.1.t1", Service: "shop_web", Labels: web, Running: true, Address: "10.0.1.5", Created: created}},
		},
		{
			name: "service labels win over container labels, others are merged",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "shop_web", web,
					map[string]string{"dev.haloy.port": "9999", "dev.haloy.domains": "shop.example.test", "other": "x"}, nil)},
				Tasks: []swarm.Task{task("t1", "s1", "n1", 1, running, running, haloyNet)},
				Nodes: nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "shop_web.1.t1", Service: "shop_web", Running: true, Address: "10.0.1.5", Created: created,
				Labels: map[string]string{"dev.haloy.role": "app", "dev.haloy.app": "web", "dev.haloy.port": "8080",
					"dev.haloy.domains": "shop.example.test", "other": "x"}}},
		},
		{
			name: "labels only on the container spec count",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "api", nil, web, nil)},
				Tasks:    []swarm.Task{task("t1", "s1", "n2", 2, running, running, haloyNet)},
				Nodes:    nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "api.2.t1", Service: "api", Labels: web, Running: true, Address: "10.0.1.5", Created: created}},
		},
		{
			name: "a mistyped role is still listed (reported by routing, not ignored)",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "bad", map[string]string{"dev.haloy.rol": "app"}, nil, nil)},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, haloyNet)},
				Nodes:    nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "bad.1.t1", Service: "bad", Labels: map[string]string{"dev.haloy.rol": "app"}, Running: true, Address: "10.0.1.5", Created: created}},
		},
		{
			name: "unlabelled services are not Haloy's",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "db", map[string]string{"com.docker.stack.namespace": "shop"}, nil, nil)},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, haloyNet)},
				Nodes:    nodes,
			},
		},
		{
			name: "tasks on a down node, history and unknown services are left out",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, nil)},
				Tasks: []swarm.Task{
					task("t1", "s1", "n3", 1, running, running, haloyNet),
					task("t2", "s1", "n1", 1, swarm.TaskStateFailed, shutdown, haloyNet),
					task("t3", "s1", "n1", 1, swarm.TaskStateComplete, shutdown),
					task("t4", "zz", "n1", 1, running, running, haloyNet),
					task("t5", "s1", "n2", 1, running, running, haloyNet),
				},
				Nodes: nodes,
			},
			want: []routing.Container{{ID: "t5", Name: "web.1.t5", Service: "web", Labels: web, Running: true, Address: "10.0.1.5", Created: created}},
		},
		{
			name: "a starting task is listed, not running; a running one asked to stop is stopping",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, nil)},
				Tasks: []swarm.Task{
					task("t1", "s1", "n1", 1, swarm.TaskStateStarting, running, haloyNet),
					task("t2", "s1", "n2", 2, running, shutdown, haloyNet),
				},
				Nodes: nodes,
			},
			want: []routing.Container{
				{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Address: "10.0.1.5", Created: created},
				{ID: "t2", Name: "web.2.t2", Service: "web", Labels: web, Running: true, Stopping: true, Address: "10.0.1.5", Created: created},
			},
		},
		{
			name: "no address without an attachment on the network",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, nil)},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, ingress)},
				Nodes:    nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Running: true, Created: created}},
		},
		{
			name: "a spec HEALTHCHECK makes a running task healthy",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, &container.HealthConfig{Test: []string{"CMD", "/app", "-healthcheck"}})},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, haloyNet)},
				Nodes:    nodes,
			},
			want: []routing.Container{{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Running: true, Address: "10.0.1.5", Created: created, Health: routing.HealthHealthy}},
		},
		{
			name: "a spec HEALTHCHECK of NONE overrides the image's",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, &container.HealthConfig{Test: []string{"NONE"}})},
				Tasks:    []swarm.Task{task("t1", "s1", "n1", 1, running, running, haloyNet)},
				Nodes:    nodes,
			},
			hc:   func(string) (bool, bool) { return true, true },
			want: []routing.Container{{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Running: true, Address: "10.0.1.5", Created: created}},
		},
		{
			name: "the image's HEALTHCHECK, when known, makes a running task healthy",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, nil), service("s2", "api", web, nil, nil)},
				Tasks: []swarm.Task{
					task("t1", "s1", "n1", 1, running, running, haloyNet),
					task("t2", "s2", "n1", 1, running, running, haloyNet),
				},
				Nodes: nodes,
			},
			hc: func(image string) (bool, bool) { return image == "web:v1", image == "web:v1" },
			want: []routing.Container{
				{ID: "t2", Name: "api.1.t2", Service: "api", Labels: web, Running: true, Address: "10.0.1.5", Created: created},
				{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Running: true, Address: "10.0.1.5", Created: created, Health: routing.HealthHealthy},
			},
		},
		{
			name: "a global service's tasks are named by node",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "edge", web, nil, nil)},
				Tasks: []swarm.Task{
					task("t2", "s1", "n2", 0, running, running, haloyNet),
					task("t1", "s1", "n1", 0, running, running, haloyNet),
				},
				Nodes: nodes,
			},
			names: []string{"edge.n1.t1", "edge.n2.t2"},
		},
		{
			// A start-first update: the new task of slot 1 runs while the
			// old one stops; each needs its own HAProxy server.
			name: "two tasks of one slot have distinct names",
			snap: Snapshot{
				Services: []swarm.Service{service("s1", "web", web, nil, nil)},
				Tasks: []swarm.Task{
					task("told", "s1", "n1", 1, running, shutdown, haloyNet),
					task("tnew", "s1", "n2", 1, running, running, haloyNet),
				},
				Nodes: nodes,
			},
			names: []string{"web.1.tnew", "web.1.told"},
		},
		{
			// The service was just updated to web:v2, which this engine
			// does not have: the task still running web:v1 stays healthy.
			name: "a task's own image decides its HEALTHCHECK, not the updated service's",
			snap: Snapshot{
				Services: []swarm.Service{updated(service("s1", "web", web, nil, nil), "web:v2")},
				Tasks:    []swarm.Task{withImage(task("t1", "s1", "n1", 1, running, running, haloyNet), "web:v1")},
				Nodes:    nodes,
			},
			hc:   func(image string) (bool, bool) { return image == "web:v1", image == "web:v1" },
			want: []routing.Container{{ID: "t1", Name: "web.1.t1", Service: "web", Labels: web, Running: true, Address: "10.0.1.5", Created: created, Health: routing.HealthHealthy}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Containers(tt.snap, "haloy", tt.hc)
			if tt.names != nil {
				var names []string
				for _, c := range got {
					names = append(names, c.Name)
				}
				if !reflect.DeepEqual(names, tt.names) {
					t.Fatalf("names %v, want %v", names, tt.names)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestIsManager(t *testing.T) {
	for _, tt := range []struct {
		info swarm.Info
		want bool
	}{
		{swarm.Info{LocalNodeState: swarm.LocalNodeStateActive, ControlAvailable: true}, true},
		{swarm.Info{LocalNodeState: swarm.LocalNodeStateActive}, false}, // a worker
		{swarm.Info{LocalNodeState: swarm.LocalNodeStateInactive}, false},
		{swarm.Info{LocalNodeState: swarm.LocalNodeStateLocked, ControlAvailable: true}, false},
	} {
		if got := IsManager(tt.info); got != tt.want {
			t.Errorf("IsManager(%+v) = %v, want %v", tt.info, got, tt.want)
		}
	}
}

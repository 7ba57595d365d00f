package swarm

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/system"
)

func TestModeOf(t *testing.T) {
	cases := map[string]struct {
		info swarm.Info
		want Mode
	}{
		"single engine":   {swarm.Info{LocalNodeState: swarm.LocalNodeStateInactive}, Mode{}},
		"pending join":    {swarm.Info{LocalNodeState: swarm.LocalNodeStatePending, NodeID: "n1"}, Mode{}},
		"manager":         {swarm.Info{LocalNodeState: swarm.LocalNodeStateActive, ControlAvailable: true, NodeID: "n1"}, Mode{Active: true, Manager: true, NodeID: "n1"}},
		"worker":          {swarm.Info{LocalNodeState: swarm.LocalNodeStateActive, NodeID: "n2"}, Mode{Active: true, NodeID: "n2"}},
		"locked or error": {swarm.Info{LocalNodeState: swarm.LocalNodeStateLocked, ControlAvailable: true}, Mode{}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := ModeOf(infoWith(c.info)); got != c.want {
				t.Errorf("ModeOf = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestTasksView(t *testing.T) {
	svc := swarm.Service{ID: "s1"}
	svc.Spec.Name = "blog-20261202040000"
	svc.Spec.Labels = map[string]string{"dev.haloy.appName": "blog", "dev.haloy.deployment-id": "20261202040000"}
	other := swarm.Service{ID: "s2"}
	other.Spec.Name = "unrelated"
	nodes := []swarm.Node{node("n2", "node-2", "worker", "ready", nil), node("n1", "node-1", "manager", "ready", map[string]string{IngressLabel: "true"})}
	nodes[1].ManagerStatus = &swarm.ManagerStatus{Leader: true}
	att := func(net, addr string) []swarm.NetworkAttachment {
		a := swarm.NetworkAttachment{Addresses: []netip.Prefix{netip.MustParsePrefix(addr)}}
		a.Network.Spec.Name = net
		return []swarm.NetworkAttachment{a}
	}
	tasks := []swarm.Task{
		{ID: "t2", ServiceID: "s1", Slot: 2, NodeID: "n2", DesiredState: "running", Status: swarm.TaskStatus{State: "running"}, NetworksAttachments: att("haloy", "10.0.1.7/24")},
		{ID: "t1", ServiceID: "s1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: swarm.TaskStatus{State: "starting"}, NetworksAttachments: att("ingress", "10.0.0.3/24")},
		{ID: "t0", ServiceID: "s1", Slot: 1, NodeID: "n9", DesiredState: "shutdown", Status: swarm.TaskStatus{State: "failed", Err: "exit 1"}},
		{ID: "t9", ServiceID: "s2", Slot: 1, NodeID: "n1", DesiredState: "running"},
	}
	got := Tasks([]swarm.Service{svc, other}, tasks, nodes, "haloy")
	want := []TaskRow{
		{App: "blog", DeploymentID: "20261202040000", Service: svc.Spec.Name, Task: svc.Spec.Name + ".1.t1", Node: "node-1", State: "starting", DesiredState: "running"},
		{App: "blog", DeploymentID: "20261202040000", Service: svc.Spec.Name, Task: svc.Spec.Name + ".2.t2", Node: "node-2", State: "running", DesiredState: "running", Address: "10.0.1.7"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tasks =\n%+v\nwant\n%+v", got, want)
	}
	rows := Nodes(nodes)
	if len(rows) != 2 || rows[0].Hostname != "node-1" || !rows[0].Leader || !rows[0].Ingress || rows[1].Ingress || rows[1].Role != "worker" {
		t.Errorf("Nodes = %+v", rows)
	}
}

func node(id, host, role, state string, l map[string]string) swarm.Node {
	n := swarm.Node{ID: id}
	n.Description.Hostname = host
	n.Spec.Role = swarm.NodeRole(role)
	n.Spec.Availability = "active"
	n.Spec.Labels = l
	n.Status.State = swarm.NodeState(state)
	return n
}

func infoWith(s swarm.Info) (info system.Info) {
	info.Swarm = s
	return info
}

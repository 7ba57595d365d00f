package swarm

import (
	"cmp"
	"slices"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire"
)

// IngressLabel is the node label that makes a node serve ingress traffic.
const IngressLabel = "haloy.ingress"

// NodeRow is one node in `docker haloy status` on a Swarm.
type NodeRow = wire.SwarmNode

// TaskRow is one task of a Haloy-labelled service: where a replica runs.
type TaskRow = wire.SwarmTask

// Nodes describes the cluster's nodes, sorted by hostname.
func Nodes(nodes []swarm.Node) []NodeRow {
	out := make([]NodeRow, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, NodeRow{
			ID: n.ID, Hostname: n.Description.Hostname, Role: string(n.Spec.Role),
			Leader: n.ManagerStatus != nil && n.ManagerStatus.Leader,
			State:  string(n.Status.State), Availability: string(n.Spec.Availability), Addr: n.Status.Addr,
			Ingress: n.Spec.Labels[IngressLabel] == "true",
		})
	}
	slices.SortFunc(out, func(a, b NodeRow) int { return cmp.Compare(a.Hostname, b.Hostname) })
	return out
}

// Tasks describes the tasks of the services labelled dev.haloy.appName
// that Swarm wants running (old shut-down tasks are history), with their
// address on network and the hostname of their node; sorted by app,
// deployment and task name.
func Tasks(services []swarm.Service, tasks []swarm.Task, nodes []swarm.Node, network string) []TaskRow {
	svcs := map[string]swarm.Service{}
	for _, s := range services {
		if s.Spec.Labels[labels.AppName] != "" {
			svcs[s.ID] = s
		}
	}
	host := map[string]string{}
	for _, n := range nodes {
		host[n.ID] = n.Description.Hostname
	}
	var out []TaskRow
	for _, t := range tasks {
		s, ok := svcs[t.ServiceID]
		if !ok || t.DesiredState != swarm.TaskStateRunning {
			continue
		}
		out = append(out, TaskRow{
			App: s.Spec.Labels[labels.AppName], DeploymentID: s.Spec.Labels[labels.DeploymentID],
			Service: s.Spec.Name, Task: Task{ID: t.ID, Slot: t.Slot}.Name(s.Spec.Name), Node: cmp.Or(host[t.NodeID], t.NodeID),
			State: string(t.Status.State), DesiredState: string(t.DesiredState), Address: addressOn(t, network), Err: t.Status.Err,
		})
	}
	slices.SortFunc(out, func(a, b TaskRow) int {
		return cmp.Or(cmp.Compare(a.App, b.App), cmp.Compare(a.DeploymentID, b.DeploymentID), cmp.Compare(a.Task, b.Task))
	})
	return out
}

// addressOn is the task's address on network without its prefix length.
func addressOn(t swarm.Task, network string) string {
	for _, a := range t.NetworksAttachments {
		if a.Network.Spec.Name == network && len(a.Addresses) > 0 {
			return a.Addresses[0].Addr().String()
		}
	}
	return ""
}

package swarm

import (
	"cmp"
	"slices"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/labels"
)

// IngressLabel is the node label that makes a node serve ingress traffic.
const IngressLabel = "haloy.ingress"

// NodeRow is one node in `docker haloy status` on a Swarm.
type NodeRow struct {
	// ID and Hostname name the node.
	ID       string `json:"id"`
	Hostname string `json:"hostname"`
	// Role is manager or worker; Leader marks the leading manager.
	Role   string `json:"role"`
	Leader bool   `json:"leader,omitempty"`
	// State is ready, down, ...; Availability is active, pause or drain.
	State        string `json:"state"`
	Availability string `json:"availability"`
	// Addr is the node's address.
	Addr string `json:"addr"`
	// Ingress is true for nodes labelled haloy.ingress=true.
	Ingress bool `json:"ingress,omitempty"`
}

// TaskRow is one task of a Haloy-labelled service: where a replica runs.
type TaskRow struct {
	// App and DeploymentID are the service's dev.haloy.* labels.
	App          string `json:"app"`
	DeploymentID string `json:"deploymentId,omitempty"`
	// Service is the service name; Task is "<service>.<slot>".
	Service string `json:"service"`
	Task    string `json:"task"`
	// Node is the hostname of the node the task runs on.
	Node string `json:"node"`
	// State and DesiredState are Swarm's task states.
	State        string `json:"state"`
	DesiredState string `json:"desiredState"`
	// Address is the task's address on the network ("" if none).
	Address string `json:"address,omitempty"`
	// Err is Swarm's error for a failed task.
	Err string `json:"error,omitempty"`
}

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
			Service: s.Spec.Name, Task: Task{Slot: t.Slot}.Name(s.Spec.Name), Node: cmp.Or(host[t.NodeID], t.NodeID),
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

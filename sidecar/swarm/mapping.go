package swarm

import (
	"fmt"
	"maps"
	"sort"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/moby/moby/api/types/swarm"
)

// Snapshot is one listing of the cluster: services, their tasks and the
// nodes.
type Snapshot struct {
	Services []swarm.Service
	Tasks    []swarm.Task
	Nodes    []swarm.Node
}

// HealthcheckFunc reports whether an image (as a service's container spec
// names it) defines a HEALTHCHECK; known is false when it cannot tell.
type HealthcheckFunc func(image string) (has, known bool)

// Containers maps the tasks of labelled services (any dev.haloy.* label on
// the service or its container spec, see labels.IsHaloy) to
// routing.Containers:
//   - ID is the task id, Name "<service>.<slot>.<task id>" (with the node
//     id for the slot of a global service's task, see taskName);
//   - Labels are the service's labels (compose deploy.labels) merged with
//     the container spec's; the service's win on a key both set;
//   - Address is the task's address on network (the CIDR suffix dropped);
//   - Running is true while the task runs; Stopping when it still runs but
//     Swarm wants it shut down (a scale-down, an update, a removal);
//   - Health: Swarm reports a task with a HEALTHCHECK running only once it
//     is healthy, so such a running task is HealthHealthy; without one (or
//     when unknown) HealthNone, and the HTTP prober checks the health path.
//     The task's own container spec says which image it runs, not the
//     service's: during an update the old tasks still run the old image.
//
// Tasks Swarm keeps as history (desired and actual state both not
// running) are left out, as are tasks on nodes that are down: they cannot
// answer. The result is sorted by Name, then ID.
func Containers(s Snapshot, network string, healthcheck HealthcheckFunc) []routing.Container {
	services, down := labelledServices(s), downNodes(s)
	var out []routing.Container
	for _, task := range s.Tasks {
		svc, ok := services[task.ServiceID]
		if !ok || down[task.NodeID] {
			continue
		}
		running := task.Status.State == swarm.TaskStateRunning
		if !running && task.DesiredState != swarm.TaskStateRunning {
			continue // history: a finished, failed or shut-down task
		}
		c := routing.Container{
			ID:       task.ID,
			Name:     taskName(svc, task),
			Service:  svc.Spec.Name,
			Labels:   serviceLabels(svc),
			Running:  running,
			Address:  address(task, network),
			Created:  task.CreatedAt,
			Stopping: running && task.DesiredState != swarm.TaskStateRunning,
		}
		if running && hasHealthcheck(taskContainerSpec(svc, task), healthcheck) {
			c.Health = routing.HealthHealthy
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// labelledServices are s's services with a dev.haloy.* label, by id.
func labelledServices(s Snapshot) map[string]swarm.Service {
	services := map[string]swarm.Service{}
	for _, svc := range s.Services {
		if labels.IsHaloy(serviceLabels(svc)) {
			services[svc.ID] = svc
		}
	}
	return services
}

// downNodes are the ids of s's nodes that are down.
func downNodes(s Snapshot) map[string]bool {
	down := map[string]bool{}
	for _, n := range s.Nodes {
		if n.Status.State == swarm.NodeStateDown {
			down[n.ID] = true
		}
	}
	return down
}

// serviceLabels merges the container spec's labels under the service's.
func serviceLabels(svc swarm.Service) map[string]string {
	merged := map[string]string{}
	if cs := svc.Spec.TaskTemplate.ContainerSpec; cs != nil {
		maps.Copy(merged, cs.Labels)
	}
	maps.Copy(merged, svc.Spec.Labels)
	return merged
}

// taskName is "<service>.<slot>.<task id>" ("<service>.<node id>.<task
// id>" without a slot), the name Swarm gives the task's container. The
// task id keeps it unique: during a start-first update, or while a task
// Swarm replaces still stops, two tasks share a slot, and a replica's name
// is its HAProxy server's.
func taskName(svc swarm.Service, task swarm.Task) string {
	if task.Slot > 0 {
		return fmt.Sprintf("%s.%d.%s", svc.Spec.Name, task.Slot, task.ID)
	}
	return svc.Spec.Name + "." + task.NodeID + "." + task.ID
}

// address is the task's address on the named network, "" when it has none.
func address(task swarm.Task, network string) string {
	for _, na := range task.NetworksAttachments {
		if na.Network.Spec.Name != network {
			continue
		}
		for _, p := range na.Addresses {
			if p.IsValid() {
				return p.Addr().String()
			}
		}
	}
	return ""
}

// taskContainerSpec is the container spec the task runs: its own (a
// service update changes the service's spec at once, while the tasks of
// the old spec still run), else the service's.
func taskContainerSpec(svc swarm.Service, task swarm.Task) *swarm.ContainerSpec {
	if cs := task.Spec.ContainerSpec; cs != nil {
		return cs
	}
	return svc.Spec.TaskTemplate.ContainerSpec
}

// hasHealthcheck reports whether a task of container spec cs runs a
// HEALTHCHECK: the spec's own, else the image's when healthcheck knows it.
func hasHealthcheck(cs *swarm.ContainerSpec, healthcheck HealthcheckFunc) bool {
	if cs == nil {
		return false
	}
	if hc := cs.Healthcheck; hc != nil && len(hc.Test) > 0 {
		return hc.Test[0] != "NONE"
	}
	if healthcheck == nil {
		return false
	}
	has, known := healthcheck(cs.Image)
	return known && has
}

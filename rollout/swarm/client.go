package swarm

import (
	"context"
	"fmt"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
)

// API is the part of the moby client the Swarm deploy and its history use.
type API interface {
	ServiceCreate(ctx context.Context, options client.ServiceCreateOptions) (client.ServiceCreateResult, error)
	ServiceInspect(ctx context.Context, serviceID string, options client.ServiceInspectOptions) (client.ServiceInspectResult, error)
	ServiceList(ctx context.Context, options client.ServiceListOptions) (client.ServiceListResult, error)
	ServiceRemove(ctx context.Context, serviceID string, options client.ServiceRemoveOptions) (client.ServiceRemoveResult, error)
	TaskList(ctx context.Context, options client.TaskListOptions) (client.TaskListResult, error)
	NodeList(ctx context.Context, options client.NodeListOptions) (client.NodeListResult, error)
	ConfigCreate(ctx context.Context, options client.ConfigCreateOptions) (client.ConfigCreateResult, error)
	ConfigList(ctx context.Context, options client.ConfigListOptions) (client.ConfigListResult, error)
	ConfigInspect(ctx context.Context, id string, options client.ConfigInspectOptions) (client.ConfigInspectResult, error)
	ConfigRemove(ctx context.Context, id string, options client.ConfigRemoveOptions) (client.ConfigRemoveResult, error)
	DistributionInspect(ctx context.Context, image string, options client.DistributionInspectOptions) (client.DistributionInspectResult, error)
	ImageInspect(ctx context.Context, image string, opts ...client.ImageInspectOption) (client.ImageInspectResult, error)
	// ClientVersion is the API version in use (negotiated with the manager).
	ClientVersion() string
}

// Manager is a Cluster and a Configs store over a Swarm manager's API.
type Manager struct {
	// API is the manager's Docker API.
	API API
	// Auth gives the X-Registry-Auth value the nodes pull an image with
	// (nil, or "", for a public or unauthenticated registry).
	Auth engine.RegistryAuth
}

var (
	_ Cluster = Manager{}
	_ Configs = Manager{}
)

// CreateService creates the service, asking the registry for the image's
// digest so every node runs the same image, and inspects what was stored.
func (m Manager) CreateService(ctx context.Context, spec swarm.ServiceSpec) (Service, error) {
	auth := ""
	if m.Auth != nil && spec.TaskTemplate.ContainerSpec != nil {
		a, err := m.Auth(spec.TaskTemplate.ContainerSpec.Image)
		if err != nil {
			return Service{}, fmt.Errorf("registry credentials for %s: %w", spec.TaskTemplate.ContainerSpec.Image, err)
		}
		auth = a
	}
	res, err := m.API.ServiceCreate(ctx, client.ServiceCreateOptions{Spec: spec, EncodedRegistryAuth: auth, QueryRegistry: true})
	if err != nil {
		return Service{}, fmt.Errorf("creating service %s: %w", spec.Name, err)
	}
	got, err := m.API.ServiceInspect(ctx, res.ID, client.ServiceInspectOptions{})
	if err != nil {
		return Service{ID: res.ID, Name: spec.Name}, fmt.Errorf("inspecting service %s: %w", spec.Name, err)
	}
	return serviceOf(got.Service), nil
}

// Services lists the services labelled as deployments of app.
func (m Manager) Services(ctx context.Context, app string) ([]Service, error) {
	f := client.Filters{}.Add("label", labels.AppName+"="+app)
	res, err := m.API.ServiceList(ctx, client.ServiceListOptions{Filters: f})
	if err != nil {
		return nil, fmt.Errorf("listing services of %s: %w", app, err)
	}
	out := make([]Service, 0, len(res.Items))
	for _, s := range res.Items {
		if DeploymentOf(s.Spec.Labels) != "" {
			out = append(out, serviceOf(s))
		}
	}
	return out, nil
}

// Tasks lists the tasks of a service.
func (m Manager) Tasks(ctx context.Context, serviceID string) ([]Task, error) {
	res, err := m.API.TaskList(ctx, client.TaskListOptions{Filters: client.Filters{}.Add("service", serviceID)})
	if err != nil {
		return nil, fmt.Errorf("listing tasks of service %s: %w", serviceID, err)
	}
	out := make([]Task, 0, len(res.Items))
	for _, t := range res.Items {
		if t.ServiceID != serviceID { // the filter also matches by name prefix
			continue
		}
		out = append(out, Task{ID: t.ID, Slot: t.Slot, NodeID: t.NodeID, State: t.Status.State, DesiredState: t.DesiredState, Err: t.Status.Err})
	}
	return out, nil
}

// RemoveService removes a service.
func (m Manager) RemoveService(ctx context.Context, id string) error {
	if _, err := m.API.ServiceRemove(ctx, id, client.ServiceRemoveOptions{}); err != nil {
		return fmt.Errorf("removing service %s: %w", id, err)
	}
	return nil
}

func serviceOf(s swarm.Service) Service {
	out := Service{ID: s.ID, Name: s.Spec.Name, DeploymentID: DeploymentOf(s.Spec.Labels), Created: s.CreatedAt}
	if cs := s.Spec.TaskTemplate.ContainerSpec; cs != nil {
		out.Image = cs.Image
	}
	if r := s.Spec.Mode.Replicated; r != nil && r.Replicas != nil {
		out.Replicas = int(*r.Replicas)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// Overview lists the cluster's nodes and the tasks of every Haloy-labelled
// service, with each task's node and address on network.
func (m Manager) Overview(ctx context.Context, network string) ([]NodeRow, []TaskRow, error) {
	nodes, err := m.API.NodeList(ctx, client.NodeListOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("listing nodes: %w", err)
	}
	svcs, err := m.API.ServiceList(ctx, client.ServiceListOptions{Filters: client.Filters{}.Add("label", labels.AppName)})
	if err != nil {
		return nil, nil, fmt.Errorf("listing services: %w", err)
	}
	tasks, err := m.API.TaskList(ctx, client.TaskListOptions{Filters: client.Filters{}.Add("desired-state", "running")})
	if err != nil {
		return nil, nil, fmt.Errorf("listing tasks: %w", err)
	}
	return Nodes(nodes.Items), Tasks(svcs.Items, tasks.Items, nodes.Items, network), nil
}

package swarm

import (
	"context"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/swarm"
)

// Cluster is the part of a Swarm manager the deploy uses.
type Cluster interface {
	// Resolve returns image pinned to the digest the registry reports for
	// it (asked by the manager), so every node runs the same image.
	Resolve(ctx context.Context, image string) (string, error)
	// StartHealth is the health configuration that checks the tasks of
	// image often while they start (see faststart.Health), or nil.
	StartHealth(ctx context.Context, image string) *container.HealthConfig
	// CreateService creates a service and returns it as the manager
	// stored it (its image pinned to a digest when the registry told one).
	CreateService(ctx context.Context, spec swarm.ServiceSpec) (Service, error)
	// Services lists the services labelled as deployments of app.
	Services(ctx context.Context, app string) ([]Service, error)
	// Tasks lists the tasks of a service.
	Tasks(ctx context.Context, serviceID string) ([]Task, error)
	// RemoveService removes a service; Swarm stops its tasks.
	RemoveService(ctx context.Context, id string) error
}

// Service is one Haloy deployment's Swarm service.
type Service struct {
	// ID and Name are the service's id and name (<app>-<deploymentID>).
	ID, Name string
	// DeploymentID is the service's dev.haloy.deployment-id label.
	DeploymentID string
	// Image is the image its tasks run.
	Image string
	// Replicas is the number of tasks it asks for.
	Replicas int
	// Created is when the service was created.
	Created time.Time
}

// Task is one task of a service.
type Task struct {
	// ID is the task id: the id the sidecar routes it by.
	ID string
	// Slot is the task's replica slot (1-based).
	Slot int
	// NodeID is the node the task was placed on.
	NodeID string
	// State and DesiredState are the task's actual and desired state.
	State, DesiredState swarm.TaskState
	// Err says why the task failed ("" unless it did).
	Err string
}

// Name is the task's name as the sidecar reports it:
// "<service>.<slot>.<task id>" (the name of its container).
func (t Task) Name(service string) string {
	return service + "." + itoa(t.Slot) + "." + t.ID
}

// failed reports whether the task ended without being asked to.
func (t Task) failed() bool {
	switch t.State {
	case swarm.TaskStateFailed, swarm.TaskStateRejected, swarm.TaskStateOrphaned:
		return true
	case swarm.TaskStateComplete, swarm.TaskStateShutdown:
		return t.DesiredState == swarm.TaskStateRunning
	}
	return false
}

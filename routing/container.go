package routing

import "time"

// Container is what the sidecar knows about one container carrying
// dev.haloy.* labels, as read from the engine and the health prober.
type Container struct {
	// ID is the engine's container id.
	ID string
	// Name is the container name without the leading slash.
	Name string
	// Service is the Swarm service of a task ("" for a plain container);
	// set by the sidecar from the task, never from labels.
	Service string
	// Labels are all the container's labels.
	Labels map[string]string
	// Running is true while the container's process runs.
	Running bool
	// Address is the container's IP on the haloy network ("" if not attached).
	Address string
	// Created is when the container was created.
	Created time.Time
	// Health is the Docker HEALTHCHECK state, or HealthNone without one.
	Health Health
	// Ready is true when the container may take traffic: healthy by its
	// HEALTHCHECK, or (without one) its health path answered 2xx.
	Ready bool
	// Stopping is true when the container was sent a stop signal but still
	// runs: it finishes what it has and takes no new requests.
	Stopping bool
	// ProbeError says why a container without HEALTHCHECK has not become
	// ready for a while ("" when it is ready or still starting).
	ProbeError string
}

// Health is a container's Docker HEALTHCHECK state.
type Health string

const (
	// HealthNone means the image defines no HEALTHCHECK.
	HealthNone Health = ""
	// HealthStarting means the check has not passed yet.
	HealthStarting Health = "starting"
	// HealthHealthy means the last checks passed.
	HealthHealthy Health = "healthy"
	// HealthUnhealthy means the checks failed too often.
	HealthUnhealthy Health = "unhealthy"
)

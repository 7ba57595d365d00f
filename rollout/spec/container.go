package spec

import "time"

// Container is everything the engine needs to create one container.
type Container struct {
	// Name is the container's name.
	Name string
	// Image is the image reference it runs.
	Image string
	// Env are NAME=value entries, sorted.
	Env []string
	// Labels are the container's labels.
	Labels map[string]string
	// Cmd and Entrypoint override the image's when set.
	Cmd, Entrypoint []string
	// Ports are published container ports.
	Ports []Port
	// Mounts are the volumes and bind mounts, in order.
	Mounts []Mount
	// Networks are joined in order: the first at creation (engines before
	// API 1.44 join one network when creating), the others before the start.
	Networks []Network
	// NetworkMode, when set, is the network mode (else the first network).
	NetworkMode string
	// Restart is the restart policy (e.g. unless-stopped).
	Restart string
	// StopSignal, when set, replaces the image's stop signal.
	StopSignal string
	// StopGrace, when set, is how long the container gets between the stop
	// signal and SIGKILL.
	StopGrace *time.Duration
	// Hostname and User override the image's when set.
	Hostname, User string
	// Sysctls are kernel parameters set in the container.
	Sysctls map[string]string
}

// Port is a container port published on the host.
type Port struct {
	// Target is the container port.
	Target uint32
	// Protocol is tcp (when empty) or udp.
	Protocol string
	// Published is the host port ("" for any).
	Published string
	// HostIP is the host address to bind ("" for all).
	HostIP string
}

// Mount is a volume or bind mount of a container.
type Mount struct {
	// Type is MountVolume or MountBind.
	Type string
	// Source is the Docker volume's name or the absolute host path.
	Source string
	// Target is the absolute path in the container.
	Target string
	// ReadOnly mounts it read-only.
	ReadOnly bool
}

// Network is a network a container joins.
type Network struct {
	// Name is the Docker network's name.
	Name string
	// Aliases are the container's extra DNS names on it.
	Aliases []string
}

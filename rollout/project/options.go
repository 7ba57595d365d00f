package project

import "github.com/haloydev/haloy/rollout/spec"

const (
	// DefaultNetwork is the external Docker network apps join so that
	// HAProxy can reach them.
	DefaultNetwork = spec.DefaultNetwork
	// DefaultStopGracePeriod is how long a container gets between SIGTERM
	// and SIGKILL when it is stopped.
	DefaultStopGracePeriod = spec.DefaultStopGracePeriod
	// RestartPolicy is the restart policy of every app container.
	RestartPolicy = spec.RestartPolicy
)

// Options says how FromApp builds a project beyond what the app describes
// (see spec.Options).
type Options = spec.Options

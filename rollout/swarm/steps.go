package swarm

// The steps of a Swarm deploy that Deployer.Timings records besides those
// named as on one host: lock, registry digest, create service, tasks
// running, ready (tasks running -> the sidecar reports every one ready),
// switch (ready -> serving), record, drain, remove old services.
const (
	// StepDigest is asking the registry, through the manager, for the
	// image's digest.
	StepDigest = "registry digest"
	// StepCreateService is registering the new service with the sidecar
	// and creating it.
	StepCreateService = "create service"
	// StepTasksRunning is created -> every new task running (Swarm reports
	// a task with a HEALTHCHECK running only once it is healthy).
	StepTasksRunning = "tasks running"
	// StepRemoveOld is removing the drained older deployments' services.
	StepRemoveOld = "remove old services"
)

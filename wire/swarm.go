package wire

// SwarmView is the cluster part of `docker haloy status` on a Swarm
// manager: the nodes, and where each replica of a Haloy app runs.
type SwarmView struct {
	// Nodes are the cluster's nodes, sorted by hostname.
	Nodes []SwarmNode `json:"nodes"`
	// Tasks are the tasks of Haloy-labelled services.
	Tasks []SwarmTask `json:"tasks"`
}

// SwarmNode is one node of the cluster.
type SwarmNode struct {
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

// SwarmTask is one task of a Haloy-labelled service: where a replica runs.
type SwarmTask struct {
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

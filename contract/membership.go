package contract

// ServiceMemberPrefix starts a deployment member that is a Swarm service
// by name ("service:<name>") in `haloy-sidecar membership register`: every
// task of that service belongs to the deployment, whatever its id (Swarm
// makes and replaces tasks, so their ids are not known in advance).
const ServiceMemberPrefix = "service:"

// Package swarm deploys an app on a Docker Swarm cluster: one Swarm
// service per deployment, named <app>-<deploymentid>, with the app's
// replicas placed by Swarm across the nodes, endpoint_mode dnsrr on the
// haloy overlay network, and the dev.haloy.* labels of the Compose
// projection on the service and on its container spec.
//
// The switch stays Haloy's, not Swarm's update logic: the new service is
// created beside the old one, its tasks are registered with the sidecar
// (which runs as a plain container on the manager) as they appear, the
// deployment is promoted once the sidecar reports every replica ready,
// the old deployments are drained and only then their services removed.
// If the new deployment never becomes ready its service is removed and the
// old one keeps serving.
//
// History lives with the cluster, not with one engine: each deployment's
// snapshot is a Swarm config object (ConfigHistory), so every manager
// context sees it and can roll back.
package swarm

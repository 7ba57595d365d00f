// Package spec is the Haloy-owned description of the containers a deploy
// creates: plain values (image, labels, environment, mounts, networks,
// restart policy, stop grace period) with no Compose or Docker types, so
// that the sidecar's API deploys without linking compose-go.
//
// FromApp projects a haloy.yaml app onto its one service for a deployment,
// exactly as package rollout/project projects it onto a Compose project:
// the same container names, labels (dev.haloy.* plus the com.docker.compose.*
// ones Compose v2 writes, config hash included), environment and mounts, so
// that Compose and Portainer list the containers as an ordinary stack.
// rollout/project builds its Compose project from the same Service, and its
// tests check that the config hash and the volume parsing agree with
// compose-go's.
//
//	svc, err := spec.FromApp(app, spec.Options{DeploymentID: id, Env: resolved})
//	for n := 1; n <= svc.Replicas; n++ {
//		c := svc.Container(n) // name, image, labels, env, mounts, networks
//		// create c with the engine
//	}
package spec

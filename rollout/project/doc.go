// Package project projects a haloy.yaml app onto a Compose project, so that
// the containers docker haloy starts are, for Compose v2 and Portainer, an
// ordinary stack: `docker compose -p <app> ps` lists them, Portainer shows
// them under the app's stack, and `docker haloy convert` prints the same
// project as Compose YAML.
//
// The package is pure: it builds values of
// github.com/compose-spec/compose-go/v2/types and never talks to Docker.
// The projection itself is package spec's (compose-go-free, so that the
// sidecar deploys without linking compose-go); this package renders spec's
// Service in Compose's types, and its tests check that spec parses volumes
// and computes the config hash as compose-go does.
//
//	p, err := project.FromApp(app, project.Options{DeploymentID: id, Env: resolved})
//	svc := p.Services[app.Name]
//	for n := 1; n <= *svc.Deploy.Replicas; n++ {
//		name := project.ContainerName(app.Name, id, n)
//		lbls := project.ContainerLabels(p, svc, n)
//		// create the container with name, svc.Image, lbls, ...
//	}
//
// The project has one service named after the app. It joins the external
// network "haloy" (Options.Network), restarts unless-stopped, stops with a
// 10 s grace period, and carries the dev.haloy.* labels of package labels.
// It sets no healthcheck: the image's own HEALTHCHECK or the sidecar's HTTP
// probe on healthCheckPath decides when a replica is healthy.
package project

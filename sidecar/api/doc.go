// Package api is the sidecar's HTTP API for automation and remote
// management. It listens on its own port inside the haloy network (never
// published) and is reached from outside only through HAProxy, on the
// domain given to `docker haloy init --api-domain`, which is routed like
// any app's domain (and so gets its certificate like any app).
//
// Every endpoint but health and version needs the bearer token kept on the
// sidecar's data volume (see EnsureToken):
//
//	GET  /v1/health                              liveness (no auth)
//	GET  /v1/version                             the sidecar's version (no auth)
//	GET  /v1/apps                                apps, deployments, replicas, health and problems
//	GET  /v1/apps/{app}/deployments              the app's history: rollback targets, newest first
//	GET  /v1/certificates                        certificate status
//	POST /v1/apps/{app}/deploy                   deploy a DeployRequest; answers an Operation (202)
//	POST /v1/apps/{app}/rollback/{id}            deploy history entry id again (RollbackRequest body)
//	POST /v1/apps/{app}/stop                     stop and remove the app's containers
//	GET  /v1/apps/{app}/deploys/{op}             an Operation with the events so far
//	GET  /v1/apps/{app}/deploys/{op}/events      the Operation's events as a stream (NDJSON)
//
// Deploys and rollbacks run the shared rollout/deploy.Deployer inside
// the sidecar against the local engine. Errors are JSON ErrorBody values
// naming the field at fault and the fix.
package api

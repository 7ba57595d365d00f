// Package deploy rolls an app over to a new deployment: start-first and
// health-gated. The new replicas start beside the old ones; the sidecar
// moves traffic to them only once all are ready, and the old ones are
// drained before they are stopped. If the new deployment never becomes
// ready it is removed and the old one keeps serving.
package deploy

// Package deploy rolls an app over to a new deployment: start-first and
// health-gated. The new replicas start beside the old ones; the sidecar
// moves traffic to them only once all are ready, and the old ones are
// drained before they are stopped. If the new deployment never becomes
// ready it is removed and the old one keeps serving.
//
// With haloy.yaml's update.parallelism > 0 the rollout is batched instead
// (rolling.go), for hosts without room for twice the replicas: N replicas
// at a time, start-first or stop-first, with the dev.haloy.rollout and
// dev.haloy.replaces labels telling the sidecar to serve both versions and
// to drain each replaced container. A failed batch is rolled back (the
// replaced replicas are put back) or paused, as update.failureAction says.
//
// One deploy of an app runs at a time, under a lock container on the
// engine. A lock whose owner process ran on this host and is gone (a CLI
// killed mid-deploy) is taken over at once; one taken from another host is
// taken over once it is older than the longest the deploy could take by
// its timeouts (Request.lockTTL). The next deploy removes the containers
// an interrupted one left behind.
//
// The Deployer reaches the Docker Engine through the narrow Engine
// interface (containers by label, plain spec.Container values), so its
// decisions — ready, failed, drained, which replica failed — are tested
// over a fake (decide_test.go), and Plan returns what a deploy would do as
// a printable value (`docker haloy deploy --dry-run`), changing nothing.
package deploy

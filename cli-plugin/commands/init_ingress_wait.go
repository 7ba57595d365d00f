package commands

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/docker/cli/cli/command"

	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/swarm"
	"github.com/haloydev/haloy/wire"
)

// ingressServeTimeout is how long init waits for the HAProxy on each
// ingress node to serve; a node that takes longer is a warning.
const ingressServeTimeout = 60 * time.Second

// waitIngressServing waits until the follower on each ingress node
// applied the leader's current state (its HAProxy serves it), as the
// leader sidecar's status reports, printing progress. A node not serving
// in time is a warning naming it and where to look, never an error.
func waitIngressServing(ctx context.Context, dockerCli command.Cli, nodes []string) {
	if len(nodes) == 0 {
		return
	}
	out := dockerCli.Out()
	fmt.Fprintf(out, "waiting up to %s for the ingress HAProxy on %s to serve\n", ingressServeTimeout, strings.Join(nodes, ", "))
	eng := newEngine(dockerCli)
	w := swarm.IngressWait{
		Read: func(ctx context.Context) (*wire.FollowStatus, error) {
			var st wire.DaemonStatus
			err := infra.SidecarStatus(ctx, eng, &st)
			return st.Follow, err
		},
		Timeout: ingressServeTimeout, Interval: 500 * time.Millisecond, Progress: 10 * time.Second,
		Serving: func(node, version string) { fmt.Fprintf(out, "ingress node %s serving (version %s)\n", node, version) },
		Waiting: func(elapsed time.Duration, why map[string]string) {
			for _, n := range slices.Sorted(maps.Keys(why)) {
				fmt.Fprintf(out, "  still waiting for ingress node %s after %s: %s\n", n, elapsed.Round(time.Second), why[n])
			}
		},
	}
	missing, err := w.Wait(ctx, nodes)
	if err != nil {
		return // ctx ended: the command is being cancelled
	}
	for _, n := range slices.Sorted(maps.Keys(missing)) {
		fmt.Fprintf(dockerCli.Err(), "warning: ingress node %s does not serve after %s (%s); see: docker service ps %s, docker service logs %s\n",
			n, ingressServeTimeout, missing[n], contract.IngressService, contract.FollowerService)
	}
}

package tree

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/haloydev/haloy/wire"
)

// ClusterViewer is a backend that can describe the cluster it deploys to
// (the Docker backend on a Swarm manager). Cluster returns nil on a
// single engine.
type ClusterViewer interface {
	Cluster(ctx context.Context) (*wire.SwarmView, error)
}

// clusterView asks the backend for the cluster's nodes and tasks, if it
// has any; a failure is a warning, never a failed status.
func clusterView(ctx context.Context, b wire.Backend, stderr io.Writer) *wire.SwarmView {
	cv, ok := b.(ClusterViewer)
	if !ok {
		return nil
	}
	v, err := cv.Cluster(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "WARNING: the Swarm's nodes and tasks are not listed: %s\n", safe(err.Error()))
		return nil
	}
	return v
}

// printSwarmView prints the cluster's nodes and where each task runs.
func printSwarmView(w io.Writer, v *wire.SwarmView) {
	fmt.Fprintf(w, "\nSwarm nodes:\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tROLE\tSTATE\tAVAILABILITY\tADDRESS\tINGRESS")
	for _, n := range v.Nodes {
		role := n.Role
		if n.Leader {
			role += " (leader)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(n.Hostname), safe(role), safe(n.State), safe(n.Availability), safe(orDash(n.Addr)), map[bool]string{true: "yes", false: "-"}[n.Ingress])
	}
	tw.Flush()
	fmt.Fprintf(w, "\nSwarm tasks:\n")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tDEPLOYMENT\tTASK\tNODE\tSTATE\tADDRESS")
	for _, t := range v.Tasks {
		state := t.State
		if t.Err != "" {
			state += ": " + t.Err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(t.App), safe(orDash(t.DeploymentID)), safe(t.Task), safe(t.Node), safe(state), safe(orDash(t.Address)))
	}
	tw.Flush()
}

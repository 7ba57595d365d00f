package tree

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/wire"
)

// printFollowers prints the ingress followers the leader sidecar knows:
// the node, the version its HAProxy serves and its last poll.
func printFollowers(w io.Writer, st *wire.FollowStatus) {
	if st == nil || len(st.Followers) == 0 {
		return
	}
	fmt.Fprintf(w, "\nIngress followers (leader version %s):\n", safe(orDash(st.Version)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tAPPLIED\tSTATE\tLAST POLL")
	for _, f := range st.Followers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", safe(f.Name), safe(orDash(f.Applied)), followerState(f), lastPoll(f))
	}
	tw.Flush()
}

func followerState(f wire.FollowerStatus) string {
	switch {
	case !f.Live:
		return "gone"
	case f.Current:
		return "serving"
	case f.Applied == "":
		return "starting"
	}
	return "behind"
}

func lastPoll(f wire.FollowerStatus) string {
	if f.Live && f.LastPollAge == 0 {
		return "now (polling)"
	}
	return time.Duration(f.LastPollAge).Round(time.Second).String() + " ago"
}

package swarm

import (
	"context"
	"fmt"
	"time"

	"github.com/haloydev/haloy/wire"
)

// IngressWait waits until the follower HAProxy on every ingress node
// serves the leader's current state, as the leader sidecar reports it.
type IngressWait struct {
	// Read returns the leader's report of its followers (nil from a
	// sidecar that makes none).
	Read func(ctx context.Context) (*wire.FollowStatus, error)
	// Timeout bounds the whole wait; Interval is the pause between reads.
	Timeout, Interval time.Duration
	// Serving is called once for each node as it serves, with its version.
	Serving func(node, version string)
	// Waiting is called about every Progress with how long the wait has
	// taken and, for each node still waited for, why.
	Waiting  func(elapsed time.Duration, why map[string]string)
	Progress time.Duration
}

// Wait returns, for each node that did not serve within Timeout, why.
// It fails only when ctx ends.
func (w IngressWait) Wait(ctx context.Context, nodes []string) (map[string]string, error) {
	start := time.Now()
	lastProgress := start
	why := map[string]string{}
	for _, n := range nodes {
		why[n] = "not asked yet"
	}
	for {
		st, err := w.Read(ctx)
		for _, n := range nodes {
			if _, waiting := why[n]; !waiting {
				continue
			}
			if err != nil {
				why[n] = fmt.Sprintf("the sidecar's status could not be read: %v", err)
				continue
			}
			version, reason := followerServes(st, n)
			if reason == "" {
				delete(why, n)
				w.Serving(n, version)
			} else {
				why[n] = reason
			}
		}
		if len(why) == 0 || time.Since(start) >= w.Timeout {
			return why, nil
		}
		if time.Since(lastProgress) >= w.Progress {
			lastProgress = time.Now()
			w.Waiting(time.Since(start), why)
		}
		select {
		case <-ctx.Done():
			return why, ctx.Err()
		case <-time.After(w.Interval):
		}
	}
}

// followerServes returns the version node's follower serves, or why it
// does not serve the leader's current state.
func followerServes(st *wire.FollowStatus, node string) (version, why string) {
	f := st.Follower(node)
	switch {
	case st == nil:
		return "", "the sidecar reports no followers (is it older than this CLI? docker haloy init --sidecar-image ...)"
	case st.Version == "":
		return "", "the leader has published no state yet"
	case f == nil:
		return "", "its follower has not polled the leader yet"
	case !f.Live:
		return "", fmt.Sprintf("its follower last polled %s ago", time.Duration(f.LastPollAge))
	case f.Applied == "":
		return "", "its HAProxy serves no state yet"
	case !f.Current:
		return "", fmt.Sprintf("its HAProxy serves version %s, the leader publishes %s", f.Applied, st.Version)
	}
	return f.Applied, ""
}

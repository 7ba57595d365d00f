package daemon

import (
	"context"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// statusTimeout bounds the HAProxy queries made for one status request.
const statusTimeout = 3 * time.Second

// liveStatus adds HAProxy's own view to the loop's status: its reload
// count and each replica's sessions and server state, read at request time
// so a deploy can watch a draining replica's sessions reach zero. While a
// follower (another ingress node) has not applied the current state yet,
// each draining replica counts one session more: a deploy stops it only
// once no ingress node sends it new requests.
func liveStatus(loop *reconcile.Loop, master haproxy.Master, runtime haproxy.Runtime, followers behind) reconcile.Status {
	st := loop.Status()
	ctx, cancel := context.WithTimeout(context.Background(), statusTimeout)
	defer cancel()
	n, err := master.Reloads(ctx)
	if err != nil {
		st.HAProxy.Error = err.Error()
		return st
	}
	st.HAProxy.Reloads = n
	lagging := followers != nil && len(followers.Behind(time.Now())) > 0
	for ai := range st.Apps {
		for di := range st.Apps[ai].Deployments {
			dep := &st.Apps[ai].Deployments[di]
			backend := dep.Backend
			if backend == "" {
				backend = haproxy.BackendName(st.Apps[ai].Name)
			}
			servers, err := runtime.Servers(ctx, backend)
			if err != nil {
				continue // the backend is not loaded yet
			}
			byName := map[string]haproxy.ServerState{}
			for _, s := range servers {
				byName[s.Name] = s
			}
			for ri := range dep.Replicas {
				if s, ok := byName[dep.Replicas[ri].Container]; ok {
					dep.Replicas[ri].Sessions = s.Sessions
					dep.Replicas[ri].InHAProxy = serverState(s)
					if lagging && s.Draining() {
						dep.Replicas[ri].Sessions++ // an ingress follower may still send it requests
					}
				}
			}
		}
	}
	return st
}

// behind tells which followers do not serve the current state yet
// (follow.Publisher).
type behind interface {
	Behind(now time.Time) []string
}

func serverState(s haproxy.ServerState) string {
	switch {
	case s.Maintenance():
		return "maint"
	case s.Draining():
		return "drain"
	case s.Up():
		return "up"
	}
	return "down"
}

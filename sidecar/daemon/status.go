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
// so a deploy can watch a draining replica's sessions reach zero.
func liveStatus(loop *reconcile.Loop, master haproxy.Master, runtime haproxy.Runtime) reconcile.Status {
	st := loop.Status()
	ctx, cancel := context.WithTimeout(context.Background(), statusTimeout)
	defer cancel()
	n, err := master.Reloads(ctx)
	if err != nil {
		st.HAProxy.Error = err.Error()
		return st
	}
	st.HAProxy.Reloads = n
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
				}
			}
		}
	}
	return st
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

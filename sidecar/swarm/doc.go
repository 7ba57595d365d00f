// Package swarm is the sidecar's view of a Docker Swarm, on a manager: it
// lists the labelled services, their tasks and the nodes, and maps each
// task to a routing.Container so the reconcile loop routes tasks next to
// plain containers. Swarm's event stream has no task events, so tasks are
// watched by listing them (Watch). Mapping is pure (Containers) and works
// on the moby swarm types; Observer is the narrow part that talks to the
// engine. On an engine that is not a Swarm manager it lists nothing.
package swarm

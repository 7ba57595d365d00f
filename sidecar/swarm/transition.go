package swarm

import "github.com/moby/moby/api/types/swarm"

// Transition is what of a listing is still moving: tasks of labelled
// services, on nodes that are not down, whose state is not yet the one
// Swarm wants.
type Transition struct {
	// Moving counts the tasks starting (Swarm wants them running, they do
	// not run yet) or stopping (Swarm wants them stopped, they have not
	// finished yet).
	Moving int
	// Stopping holds the ids of the tasks that still run while Swarm wants
	// them stopped: an update, a scale-down or a node drain. The sidecar
	// drains them; Swarm sends their SIGTERM about now.
	Stopping map[string]bool
}

// Transitions finds the tasks of s in transition.
func Transitions(s Snapshot) Transition {
	services, down := labelledServices(s), downNodes(s)
	tr := Transition{Stopping: map[string]bool{}}
	for _, task := range s.Tasks {
		if _, ok := services[task.ServiceID]; !ok || down[task.NodeID] {
			continue
		}
		state, wantRunning := task.Status.State, task.DesiredState == swarm.TaskStateRunning
		switch {
		case finished(state):
		case wantRunning && state != swarm.TaskStateRunning:
			tr.Moving++
		case !wantRunning:
			tr.Moving++
			if state == swarm.TaskStateRunning {
				tr.Stopping[task.ID] = true
			}
		}
	}
	return tr
}

// finished reports whether a task in state will not run again.
func finished(state swarm.TaskState) bool {
	switch state {
	case swarm.TaskStateComplete, swarm.TaskStateShutdown, swarm.TaskStateFailed,
		swarm.TaskStateRejected, swarm.TaskStateRemove, swarm.TaskStateOrphaned:
		return true
	}
	return false
}

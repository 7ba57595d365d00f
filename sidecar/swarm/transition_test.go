package swarm

import (
	"reflect"
	"testing"

	"github.com/moby/moby/api/types/swarm"
)

func TestTransitions(t *testing.T) {
	web := map[string]string{"dev.haloy.role": "app"}
	services := []swarm.Service{service("s1", "web", web, nil, nil), service("s2", "plain", nil, nil, nil)}
	nodes := []swarm.Node{node("n1", swarm.NodeStateReady), node("n2", swarm.NodeStateDown)}
	const (
		running, starting, preparing = swarm.TaskStateRunning, swarm.TaskStateStarting, swarm.TaskStatePreparing
		shutdown, remove, complete   = swarm.TaskStateShutdown, swarm.TaskStateRemove, swarm.TaskStateComplete
		failed                       = swarm.TaskStateFailed
	)
	tests := []struct {
		name     string
		tasks    []swarm.Task
		moving   int
		stopping []string
	}{
		{name: "all running as wanted", tasks: []swarm.Task{task("t1", "s1", "n1", 1, running, running), task("t2", "s1", "n1", 2, running, running)}},
		{name: "history is not a transition", tasks: []swarm.Task{task("t1", "s1", "n1", 1, complete, shutdown), task("t2", "s1", "n1", 1, failed, running)}},
		{name: "a task starting (start-first update)", tasks: []swarm.Task{task("t1", "s1", "n1", 1, running, running), task("t2", "s1", "n1", 1, starting, running)}, moving: 1},
		{name: "a task Swarm wants shut down still runs", tasks: []swarm.Task{task("t1", "s1", "n1", 1, running, shutdown)}, moving: 1, stopping: []string{"t1"}},
		{name: "a scale-down's task to remove still runs", tasks: []swarm.Task{task("t1", "s1", "n1", 3, running, remove)}, moving: 1, stopping: []string{"t1"}},
		{name: "a task to stop that never ran yet", tasks: []swarm.Task{task("t1", "s1", "n1", 1, preparing, shutdown)}, moving: 1},
		{name: "an unlabelled service's tasks do not count", tasks: []swarm.Task{task("t1", "s2", "n1", 1, running, shutdown), task("t2", "s2", "n1", 2, starting, running)}},
		{name: "tasks on a node that is down do not count", tasks: []swarm.Task{task("t1", "s1", "n2", 1, running, shutdown)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Transitions(Snapshot{Services: services, Nodes: nodes, Tasks: tt.tasks})
			want := map[string]bool{}
			for _, id := range tt.stopping {
				want[id] = true
			}
			if got.Moving != tt.moving || !reflect.DeepEqual(got.Stopping, want) {
				t.Errorf("Transitions = %+v; want %d moving, stopping %v", got, tt.moving, tt.stopping)
			}
		})
	}
}

package daemon

import (
	"context"
	"testing"

	"github.com/haloydev/haloy/routing"
)

type fixedList []routing.Container

func (f fixedList) List(context.Context) ([]routing.Container, error) { return f, nil }

// TestSourcesLeaveTaskContainersOut checks that on a manager a task's own
// container (Swarm labels it with the task id) is not listed beside the
// task, which would route it twice and report it as an unregistered copy;
// off a Swarm every container is listed.
func TestSourcesLeaveTaskContainersOut(t *testing.T) {
	plain := routing.Container{ID: "c1", Name: "web-1", Labels: map[string]string{"dev.haloy.appName": "web"}}
	taskCtr := routing.Container{ID: "c2", Name: "api-20261202040000.1.x7", Labels: map[string]string{"dev.haloy.appName": "api", SwarmTaskLabel: "x7"}}
	task := routing.Container{ID: "x7", Name: "api-20261202040000.1", Service: "api-20261202040000"}
	got, err := sources{containers: fixedList{plain, taskCtr}, swarm: fixedList{task}}.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "c1" || got[1].ID != "x7" {
		t.Errorf("on a manager: %+v, want the plain container and the task", got)
	}
	got, _ = sources{containers: fixedList{plain, taskCtr}}.List(context.Background())
	if len(got) != 2 {
		t.Errorf("off a Swarm: %+v, want both containers", got)
	}
}

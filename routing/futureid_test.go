package routing

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// TestBuildRefusesFutureDeploymentIDs: a container whose deployment id lies
// far in the future is a label problem, and its app keeps serving the
// deployment it had.
func TestBuildRefusesFutureDeploymentIDs(t *testing.T) {
	now := createdAt(dep2)
	res := BuildWith([]Container{
		ctr("web-1", "web", dep1, "10.0.0.1"),
		ctr("web-9", "web", "99991231235959", "10.0.0.9"),
	}, Input{Now: now})
	if len(res.Problems) != 1 {
		t.Fatalf("problems:%s\nwant one for web-9", problemLines(res.Problems))
	}
	p := res.Problems[0]
	if p.Container != "web-9" || p.App != "web" || p.Label != labels.DeploymentID ||
		!strings.Contains(p.Reason, "future") || !strings.Contains(p.Hint, "docker haloy") {
		t.Errorf("problem = %s, want web-9's %s in the future with a hint", p, labels.DeploymentID)
	}
	want := []haproxy.App{routedApp("web", srv("web-1", "10.0.0.1"))}
	if !reflect.DeepEqual(res.Model.Apps, want) {
		t.Errorf("model:\n got %+v\nwant %+v", res.Model.Apps, want)
	}
}

// TestBuildFutureIDBecomesValid: an id a little ahead of the sidecar's clock
// is refused while it is beyond the skew and routes once time caught up, so
// the refusal is not cached with the decoded labels.
func TestBuildFutureIDBecomesValid(t *testing.T) {
	c := ctr("web-2", "web", dep2, "10.0.0.2")
	early := createdAt(dep2).Add(-labels.MaxDeploymentIDSkew - time.Second)
	if res := BuildWith([]Container{c}, Input{Now: early}); len(res.Problems) != 1 || len(res.Model.Apps) != 0 {
		t.Fatalf("%v before: problems:%s apps %d; want refused", early, problemLines(res.Problems), len(res.Model.Apps))
	}
	within := createdAt(dep2).Add(-labels.MaxDeploymentIDSkew)
	if res := BuildWith([]Container{c}, Input{Now: within}); len(res.Problems) != 0 || len(res.Model.Apps) != 1 {
		t.Errorf("within the skew: problems:%s apps %d; want routed", problemLines(res.Problems), len(res.Model.Apps))
	}
}

// TestBuildShortensHugeAppNameInProblems: a refused container's 4 KiB
// appName is not repeated whole in each of its problems.
func TestBuildShortensHugeAppNameInProblems(t *testing.T) {
	res := Build([]Container{ctr("big-1", "web", dep1, "10.0.0.1", withLabel(labels.AppName, strings.Repeat("a", 4000)))})
	if len(res.Problems) == 0 {
		t.Fatal("a 4000-character app name was accepted")
	}
	for _, p := range res.Problems {
		if len(p.App) > 100 {
			t.Errorf("problem %s carries a %d-byte app name", p.Label, len(p.App))
		}
	}
}

package integration

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestDeployDryRunChangesNothing deploys an app, then asks for the plan of
// a redeploy: it names the deployment id, the new replicas and the
// running containers it would retire, and the engine is as it was (the
// same containers, no new image tag).
func TestDeployDryRunChangesNothing(t *testing.T) {
	requireEngine(t)
	app := strings.ReplaceAll(twoReplicaApp, "skeleton", "dryrun")
	file := tempFile(t, "haloy.yaml", app)
	haloy(t, "deploy", file)
	t.Cleanup(func() { runHaloy("stop", "dryrun") })
	containers := func() string {
		return docker(t, "ps", "-a", "--filter", "label=dev.haloy.appName=dryrun", "--format", "{{.ID}} {{.Names}} {{.State}}")
	}
	tags := func() string { // sorted: docker images orders images of one age at random
		fields := strings.Fields(docker(t, "images", "haloy/testapp", "--format", "{{.Tag}}"))
		slices.Sort(fields)
		return strings.Join(fields, " ")
	}
	before, tagsBefore := containers(), tags()
	running := strings.Fields(docker(t, "ps", "--filter", "label=dev.haloy.appName=dryrun", "--format", "{{.Names}}"))
	if len(running) != 2 {
		t.Fatalf("%d replicas run after the deploy, want 2", len(running))
	}

	text := haloy(t, "deploy", "--dry-run", file)
	var out struct {
		Plans []struct {
			App, DeploymentID string
			Tag               string
			Batches           [][]struct{ Name string }
			Retire            []string
		}
	}
	js := haloy(t, "deploy", "--dry-run", "--format", "json", file)
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatalf("--dry-run --format json is not JSON: %v\n%s", err, js)
	}
	if len(out.Plans) != 1 || out.Plans[0].App != "dryrun" || len(out.Plans[0].Batches) != 1 || len(out.Plans[0].Batches[0]) != 2 {
		t.Fatalf("plans = %+v, want one plan of dryrun with one batch of 2 replicas", out.Plans)
	}
	p := out.Plans[0]
	if len(p.DeploymentID) != 14 {
		t.Fatalf("planned deployment id %q, want YYYYMMDDHHMMSS", p.DeploymentID)
	}
	for _, name := range running {
		if !strings.Contains(strings.Join(p.Retire, " "), name) || !strings.Contains(text, name) {
			t.Errorf("the plan does not retire running container %s: %v\n%s", name, p.Retire, text)
		}
	}
	for _, want := range []string{"plan for dryrun: deployment " + p.DeploymentID[:8], "create and start 2 replica(s) together", "tag image haloy/testapp:v1 as haloy/testapp:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not say %q:\n%s", want, text)
		}
	}
	if after := containers(); after != before {
		t.Errorf("the dry run changed the app's containers:\nbefore\n%s\nafter\n%s", before, after)
	}
	if after := tags(); after != tagsBefore || strings.Contains(after, p.DeploymentID) {
		t.Errorf("the dry run changed the image tags: before %q, after %q (planned tag %s)", tagsBefore, after, p.Tag)
	}
}

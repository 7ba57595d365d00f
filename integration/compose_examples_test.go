package integration

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// composeExample is one stack of compose-examples/ and what it must route.
type composeExample struct {
	dir, domain, version string
	// extra are arguments for `up -d`.
	extra []string
	// replicas is how many containers must take requests.
	replicas int
}

var composeExamples = []composeExample{
	{dir: "single", domain: "single.example.test", version: "single-v1", replicas: 1},
	{dir: "replicated", domain: "replicated.example.test", version: "replicated-v1", extra: []string{"--scale", "web=3"}, replicas: 3},
	{dir: "web-worker", domain: "webworker.example.test", version: "webworker-v1", extra: []string{"--scale", "web=3"}, replicas: 3},
	{dir: "portainer", domain: "portainer-demo.example.test", version: "portainer-v1", extra: []string{"--scale", "web=2"}, replicas: 2},
}

// TestComposeExamplesAreRouted brings every stack of compose-examples/ up
// with a current `docker compose` and with Debian's docker-compose v1, and
// checks that each is routed and load-balanced across its replicas.
func TestComposeExamplesAreRouted(t *testing.T) {
	requireEngine(t)
	for _, tool := range []composeTool{composeV2(t), composeV1} {
		t.Logf("compose %s: %s", tool.name, tool.version())
		for _, ex := range composeExamples {
			t.Run(tool.name+"/"+ex.dir, func(t *testing.T) {
				file := filepath.Join(env.root, "compose-examples", ex.dir, "compose.yaml")
				if ex.dir == "portainer" {
					file = filepath.Join(env.root, "compose-examples", ex.dir, "stack.yaml")
				}
				tool.up(t, tool.name+strings.ReplaceAll(ex.dir, "-", ""), file, ex.extra...)
				waitHosts(t, 30*time.Second, ex.domain, ex.replicas)
				code, body, _ := get(t, "http://"+ex.domain+"/")
				if code != 200 || field(body, "version") != ex.version {
					t.Errorf("GET %s = %d %q, want version %s", ex.domain, code, body, ex.version)
				}
			})
		}
	}
}

// TestComposeScaleIsPickedUp scales a running stack with `docker compose
// up -d --scale`: up under load with no failed request and no reload, then
// down, with routing following each step. (Scaling down under load is not
// asserted: compose stops replicas without asking the sidecar to drain
// them first, so requests in flight to a stopping replica can fail.)
func TestComposeScaleIsPickedUp(t *testing.T) {
	requireEngine(t)
	tool := composeV2(t)
	file := filepath.Join(env.root, "compose-examples", "replicated", "compose.yaml")
	tool.up(t, "scaling", file)
	waitHosts(t, 30*time.Second, "replicated.example.test", 3)
	reloads := sidecarStatus(t).Reloads
	scale := func(n int) {
		if out, err := tool.run("-p", "scaling", "-f", file, "up", "-d", "--scale", fmt.Sprintf("web=%d", n)); err != nil {
			t.Fatalf("scaling to %d: %v\n%s", n, err, out)
		}
		waitHosts(t, 30*time.Second, "replicated.example.test", n)
	}
	load := startLoad("replicated.example.test")
	scale(5)
	stopLoad(t, load, "while scaling 3 -> 5")
	if got := sidecarStatus(t).Reloads - reloads; got != 0 {
		t.Errorf("the sidecar reloaded HAProxy %d times for scaling up, want 0 (runtime API)", got)
	}
	scale(2)
	scale(3)
}

// TestSingleExampleAlias checks the single example's alias redirect with
// a current `docker compose`.
func TestSingleExampleAlias(t *testing.T) {
	requireEngine(t)
	tool := composeV2(t)
	tool.up(t, "aliased", filepath.Join(env.root, "compose-examples", "single", "compose.yaml"))
	waitHosts(t, 30*time.Second, "single.example.test", 1)
	code, _, h := get(t, "http://www.single.example.test/x?y=1")
	if code != 301 || h.Get("Location") != "http://single.example.test/x?y=1" {
		t.Errorf("alias answered %d Location=%q, want 301 to http://single.example.test/x?y=1", code, h.Get("Location"))
	}
}

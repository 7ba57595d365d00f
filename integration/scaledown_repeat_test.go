package integration

import (
	"strconv"
	"testing"
	"time"
)

// scaleDownRuns is how many times TestComposeScaleDownRepeated scales down.
const scaleDownRuns = 10

// TestComposeScaleDownRepeated scales a plain Compose stack from 3
// replicas to 1 under keep-alive load, scaleDownRuns times, with each of
// the Compose implementations' stop (SIGTERM, then the replica closes its
// idle keep-alive connections and finishes what it has). A request a
// leaving replica took and closed on without an answer must be retried on
// another replica: no request may fail in any run.
func TestComposeScaleDownRepeated(t *testing.T) {
	requireEngine(t)
	file := env.root + "/compose-examples/replicated/compose.yaml"
	const host = "replicated.example.test"
	tool := composeV1
	tool.up(t, "scalerepeat", file, "--scale", "web=3")
	failedRuns := 0
	for run := 1; run <= scaleDownRuns; run++ {
		scaleTo(t, tool, file, 3)
		waitHosts(t, 60*time.Second, host, 3)
		load := startLoad(host)
		time.Sleep(time.Second)
		scaleTo(t, tool, file, 1)
		waitHosts(t, 30*time.Second, host, 1)
		time.Sleep(500 * time.Millisecond)
		res := load.Stop()
		t.Logf("run %d/%d: failed/total %d/%d %v", run, scaleDownRuns, res.Failures, res.Requests, res.Errors)
		if res.Requests == 0 || res.Failures != 0 {
			failedRuns++
		}
	}
	if failedRuns > 0 {
		t.Errorf("requests failed in %d of %d scale-downs from 3 replicas to 1", failedRuns, scaleDownRuns)
		t.Logf("HAProxy's log:\n%s", docker(t, "logs", "--tail", "30", "haloy-haproxy"))
	}
}

// scaleTo scales the stack's web service to n replicas.
func scaleTo(t *testing.T, tool composeTool, file string, n int) {
	t.Helper()
	if out, err := tool.run("-p", "scalerepeat", "-f", file, "up", "-d", "--scale", "web="+strconv.Itoa(n)); err != nil {
		t.Fatalf("compose %s scaling to %d: %v\n%s", tool.name, n, err, out)
	}
}

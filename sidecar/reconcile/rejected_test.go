package reconcile

import (
	"strings"
	"testing"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
)

// TestRejectedAppsAreProblems checks that an app the applier left out
// because HAProxy rejects it is in the status's problems, naming its
// containers and HAProxy's reason, and is logged once.
func TestRejectedAppsAreProblems(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1"), app("bad-1", "bad", "10.0.0.2")}}
	h := start(t, lister)
	h.applier.mu.Lock()
	h.applier.rejected = []apply.RejectedApp{{App: "bad", Reason: "[ALERT] unknown keyword 'x'"}}
	h.applier.mu.Unlock()
	for n := 1; n <= 3; n++ {
		h.loop.Hint()
		h.waitPasses(t, n+1)
		h.quiet()
	}
	ps := h.loop.Status().Problems
	if len(ps) != 1 || ps[0].App != "bad" || ps[0].Container != "bad-1" || !strings.Contains(ps[0].Reason, "unknown keyword 'x'") {
		t.Fatalf("Status().Problems = %v, want bad's rejection", ps)
	}
	if got := h.logs.count("container not routed as labelled"); got != 1 {
		t.Errorf("the rejection was logged %d times, want once", got)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "app=bad") {
		t.Errorf("the log does not name the app:\n%s", logs)
	}
}

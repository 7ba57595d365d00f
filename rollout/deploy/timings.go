package deploy

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// The steps of a deploy that Timings records, in the order they happen.
const (
	StepLock = "lock" // taking the app's deploy lock
	// StepPrepare is listing the app's containers, picking the id, the
	// preDeploy hooks and inspecting the image.
	StepPrepare = "prepare"
	StepTag     = "tag"    // tagging the image with the deployment id
	StepCreate  = "create" // creating the new replicas (and registering them)
	StepStart   = "start"  // starting them
	StepReady   = "ready"  // started -> every new replica ready
	StepSwitch  = "switch" // ready -> the sidecar serves the new deployment
	StepDrain   = "drain"  // serving -> the old replicas drained
	StepRemove  = "stop+remove"
	// StepHandOver is recording the drained old replicas for the sidecar,
	// which stops and removes them after the deploy returned.
	StepHandOver = "hand-over"
	StepRecord   = "record" // saving the snapshot (beside drain and removal)
	// StepUnlock is releasing the deploy lock (removing its container).
	StepUnlock = "unlock"
)

// Timings records how long each step of a deploy took; the zero value is
// ready to use and a nil *Timings records nothing. It is safe for
// concurrent use.
type Timings struct {
	mu    sync.Mutex
	steps []stepTime
}

// stepTime is one recorded step.
type stepTime struct {
	name string
	took time.Duration
}

// since records step name as having run from start until now.
func (t *Timings) since(name string, start time.Time) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.steps = append(t.steps, stepTime{name, time.Since(start)})
}

// Took returns how long step name took (summed when it ran more than
// once) and whether it ran.
func (t *Timings) Took(name string) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var sum time.Duration
	found := false
	for _, s := range t.steps {
		if s.name == name {
			sum, found = sum+s.took, true
		}
	}
	return sum, found
}

// String lists the steps as "lock 12ms, tag 3ms, ..." in the order they
// were recorded.
func (t *Timings) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	parts := make([]string, 0, len(t.steps))
	for _, s := range t.steps {
		parts = append(parts, fmt.Sprintf("%s %s", s.name, s.took.Round(time.Millisecond)))
	}
	return strings.Join(parts, ", ")
}

// Since records step name as having run from start until now, for a
// deploy road outside this package (the Swarm's); a nil *Timings records
// nothing.
func (t *Timings) Since(name string, start time.Time) { t.since(name, start) }

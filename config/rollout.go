package config

import (
	"encoding/json"
	"fmt"
	"time"
)

// Defaults of the rollout settings.
const (
	// DefaultHealthTimeout is how long a new deployment may take to become ready.
	DefaultHealthTimeout = 2 * time.Minute
	// DefaultDrainTimeout is how long replaced replicas get to finish
	// in-flight requests before they are stopped.
	DefaultDrainTimeout = 30 * time.Second
	// DefaultStopGracePeriod is how long a container gets between SIGTERM
	// and SIGKILL when it is stopped.
	DefaultStopGracePeriod = 10 * time.Second
	// DefaultOrder is the update order used when update.order is left out.
	DefaultOrder = OrderStartFirst
	// DefaultFailureAction is what a failed batched update does by default.
	DefaultFailureAction = FailureRollback
)

// Update orders, as in Compose's deploy.update_config.order.
const (
	// OrderStartFirst starts new replicas before the old ones are stopped.
	OrderStartFirst = "start-first"
	// OrderStopFirst drains and stops old replicas before new ones start,
	// for hosts without room for more replicas than the app has.
	OrderStopFirst = "stop-first"
)

// Failure actions, as in Compose's deploy.update_config.failure_action.
const (
	// FailureRollback puts the replaced replicas back and removes the new ones.
	FailureRollback = "rollback"
	// FailurePause leaves the replicas as they are and reports the failure.
	FailurePause = "pause"
)

// Update says how a deploy replaces the running replicas, in the words of
// Compose's deploy.update_config.
type Update struct {
	// Parallelism is how many replicas are replaced at a time; 0 replaces
	// the whole deployment at once (start-first, no mixed versions).
	Parallelism int `yaml:"parallelism" json:"parallelism,omitzero"`
	// Order is OrderStartFirst or OrderStopFirst.
	Order string `yaml:"order" json:"order,omitzero"`
	// FailureAction is FailureRollback or FailurePause; it applies to
	// batched updates (parallelism > 0). A whole-deployment update always
	// removes a new deployment that fails, and the old one keeps serving.
	FailureAction string `yaml:"failureAction" json:"failureAction,omitzero"`
}

// Batched reports whether the update replaces replicas in batches of
// Parallelism rather than the whole deployment at once.
func (u Update) Batched() bool {
	return u.Parallelism > 0
}

// Duration is a time.Duration written as Go writes durations ("2m", "30s")
// in haloy.yaml and in JSON.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration {
	return time.Duration(d)
}

// MarshalJSON writes d as a string such as "2m0s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a string such as "30s", or a number of nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("reading duration %s: want a string such as \"30s\"", b)
		}
		*d = Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("reading duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes d as a string such as "2m0s".
func (d Duration) MarshalYAML() (any, error) {
	return time.Duration(d).String(), nil
}

package wire

import (
	"encoding/json"
	"fmt"
	"time"
)

// Duration is a time.Duration written in JSON as a Go duration string
// such as "90s" or "2m".
type Duration time.Duration

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &DurationError{msg: "must be a duration string such as \"2m\""}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return &DurationError{msg: fmt.Sprintf("%q is not a positive duration such as \"2m\"", s)}
	}
	*d = Duration(v)
	return nil
}

// DurationError is a JSON duration that is not a duration string.
type DurationError struct{ msg string }

// Error says what a duration must look like.
func (e *DurationError) Error() string { return e.msg }

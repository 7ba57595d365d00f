package labels

import (
	"fmt"
	"strings"
)

// LabelError says which label of a container is wrong, why, and how to fix it.
type LabelError struct {
	// Label is the label key at fault (or the one that is missing).
	Label string
	// Value is the label's value as found ("" when missing).
	Value string
	// Reason says what is wrong.
	Reason string
	// Hint says how to fix it.
	Hint string
}

func (e *LabelError) Error() string {
	msg := fmt.Sprintf("label %s=%q: %s", e.Label, e.Value, e.Reason)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// LabelErrors is every problem found in one container's labels.
type LabelErrors []*LabelError

func (es LabelErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find each *LabelError.
func (es LabelErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

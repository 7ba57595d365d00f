package routing

import "fmt"

// Problem is a mistake found in the labelled containers. It never stops
// other apps from routing; it is shown in status and logged once.
type Problem struct {
	// Container is the container's name.
	Container string `json:"container"`
	// App is the app the container claims to belong to, if known.
	App string `json:"app,omitempty"`
	// Label is the label at fault, if one is.
	Label string `json:"label,omitempty"`
	// Reason says what is wrong.
	Reason string `json:"reason"`
	// Hint says how to fix it.
	Hint string `json:"hint,omitempty"`
}

// String formats the problem for a log line or terminal.
func (p Problem) String() string {
	s := "container " + p.Container
	if p.Label != "" {
		s += fmt.Sprintf(": label %s", p.Label)
	}
	s += ": " + p.Reason
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

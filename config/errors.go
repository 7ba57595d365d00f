package config

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError is one mistake in haloy.yaml: where it is, what is wrong and
// how to fix it. Its message reads like
//
//	haloy.yaml:7: unknown key "healthcheckPath" in app "web" (did you mean healthCheckPath?)
type FieldError struct {
	// File is the file name as given to Parse or Load ("" for an App built in code).
	File string
	// Line is the 1-based line of the field, or of its closest written
	// parent when the field is missing (0 when unknown).
	Line int
	// App is the name of the app at fault ("" when it has none yet).
	App string
	// Field is the path of the field, e.g. "port" or "domains[1].aliases[0]".
	Field string
	// Reason says what is wrong, naming the field.
	Reason string
	// Hint says how to fix it.
	Hint string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(e.Reason)
	if e.App != "" {
		fmt.Fprintf(&b, " in app %q", e.App)
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// Errors is every mistake found in one file (or one App), in line order.
type Errors []*FieldError

// Error lists the mistakes one per line.
func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find each *FieldError.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// err returns es sorted by line, or nil when es is empty.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

package commands

import (
	"fmt"
	"io"

	"github.com/haloydev/haloy/internal/jsonout"
)

// formats are the --format values every command accepts.
var formats = []string{"json"}

// writeJSON prints v as the commands' JSON: indented, camelCase keys (from
// the types' tags), lists never null.
func writeJSON(w io.Writer, v any) error {
	return jsonout.Write(w, v)
}

// checkFormat refuses a --format value no command knows.
func checkFormat(format string) error {
	if format == "" || format == "json" {
		return nil
	}
	return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", format)
}

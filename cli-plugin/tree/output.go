package tree

import (
	"fmt"
	"io"

	"github.com/haloydev/haloy/internal/jsonout"
)

// Formats are the --format values every command accepts.
var Formats = []string{"json"}

// WriteJSON prints v as the commands' JSON: indented, camelCase keys (from
// the types' tags), lists never null.
func WriteJSON(w io.Writer, v any) error {
	return jsonout.Write(w, v)
}

// CheckFormat refuses a --format value no command knows.
func CheckFormat(format string) error {
	if format == "" || format == "json" {
		return nil
	}
	return fmt.Errorf("unknown --format %q (use json, or leave it out for a table)", format)
}

// writeJSON and checkFormat are the short names the commands use.
var (
	writeJSON   = WriteJSON
	checkFormat = CheckFormat
)

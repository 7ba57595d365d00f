package api

import (
	"fmt"
	"io"
)

// TokenCommand runs `haloy-sidecar api-token [--rotate]`: it prints the
// token stored at path, creating it when there is none, or (with
// --rotate) replaces it first.
func TokenCommand(path string, args []string, out io.Writer) error {
	var tok string
	var err error
	switch {
	case len(args) == 0:
		tok, err = EnsureToken(path)
	case len(args) == 1 && args[0] == "--rotate":
		tok, err = RotateToken(path)
	default:
		return fmt.Errorf("usage: api-token [--rotate]")
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, tok)
	return err
}

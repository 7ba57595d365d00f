package termsafe

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestCommandErrorsAreEscaped runs a command whose error quotes a hostile
// label: the message the docker CLI prints must carry no raw escape.
func TestCommandErrorsAreEscaped(t *testing.T) {
	root := &cobra.Command{Use: "haloy"}
	inner := errors.New("deploy failed")
	root.AddCommand(&cobra.Command{Use: "deploy", RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("label dev.haloy.%s: %w\nsecond line", "\x1b[2J\x1b]0;owned\x07", inner)
	}})
	EscapeCommandErrors(root)
	root.SetArgs([]string{"deploy"})
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.Execute()
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") || !strings.Contains(err.Error(), "\nsecond line") {
		t.Errorf("error = %q, want escapes shown and the newline kept", err)
	}
	if !errors.Is(err, inner) {
		t.Error("the wrapped error is lost")
	}
}

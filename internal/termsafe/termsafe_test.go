package termsafe

import (
	"errors"
	"io/fs"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "dev.haloy.domain.0=app.example.com", "dev.haloy.domain.0=app.example.com"},
		{"empty", "", ""},
		{"non-ascii letters stay", "café.example.com ✓ 日本", "café.example.com ✓ 日本"},
		{"ansi color", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"clear screen", "a\x1b[2J\x1b[Hb", `a\x1b[2J\x1b[Hb`},
		{"osc title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"c1 csi", "x\u009b31my", `x\u009b31my`},
		{"newline tab cr", "a\nb\tc\rd", `a\nb\tc\rd`},
		{"backspace and del", "ab\x08\x7f", `ab\x08\x7f`},
		{"nul", "a\x00b", `a\x00b`},
		{"invalid utf-8", "a\xffb\xc3", `a\xffb\xc3`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"zero width space", "a\u200bb", `a\u200bb`},
		{"line separator", "a\u2028b", `a\u2028b`},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("%s: String(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestLinesKeepsNewlines(t *testing.T) {
	in := "haloy.yaml:1: bad\nhaloy.yaml:2: \x1b[2Jworse\t!"
	want := "haloy.yaml:1: bad\nhaloy.yaml:2: \\x1b[2Jworse\\t!"
	if got := Lines(in); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

func TestError(t *testing.T) {
	if Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
	inner := &fs.PathError{Op: "open", Path: "\x1b[31mx", Err: fs.ErrNotExist}
	err := Error(inner)
	if got, want := err.Error(), `open \x1b[31mx: file does not exist`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Error("the wrapped error is not found through errors.Is/As")
	}
}

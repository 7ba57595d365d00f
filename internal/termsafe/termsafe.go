// Package termsafe makes text that came from untrusted input (container
// labels, names, the sidecar's messages about them) safe to print on a
// terminal: control characters, and so ANSI escape sequences, are shown
// escaped instead of being acted on.
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String returns s with every character a terminal could act on written
// as an escape: C0 and C1 controls (ESC starts every ANSI sequence, so
// none survives), DEL, invalid UTF-8, and invisible format characters such
// as bidirectional overrides (which reorder what is shown). Printable text,
// including non-ASCII letters and symbols, is kept as it is.
func String(s string) string {
	return escape(s, false)
}

// Lines is String for multi-line text: newlines are kept, everything else
// String escapes is escaped.
func Lines(s string) string {
	return escape(s, true)
}

func escape(s string, keepNewlines bool) string {
	if plain(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && !safe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case !safe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plain reports whether s needs no escaping (the common case, checked
// without allocating).
func plain(s string, keepNewlines bool) bool {
	for _, c := range []byte(s) {
		if (c < 0x20 && !(keepNewlines && c == '\n')) || c >= 0x7f {
			return false
		}
	}
	return true
}

// safe reports whether r is shown as itself: a letter, mark, number,
// punctuation, symbol or space, but no control or format character.
func safe(r rune) bool {
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r)
}

// Error wraps err so that its message is printed with Lines: an error
// message may quote labels. errors.Is and errors.As still see err.
func Error(err error) error {
	if err == nil {
		return nil
	}
	return safeError{err}
}

type safeError struct{ err error }

func (e safeError) Error() string { return Lines(e.err.Error()) }
func (e safeError) Unwrap() error { return e.err }

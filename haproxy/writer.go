package haproxy

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// writer accumulates configuration text: sections start at column 0 and
// their lines are indented by four spaces.
type writer struct {
	buf bytes.Buffer
}

// section starts a new section, separated from the previous one by a blank line.
func (w *writer) section(header string) {
	if w.buf.Len() > 0 {
		w.buf.WriteByte('\n')
	}
	w.buf.WriteString(header + "\n")
}

// line writes one indented line.
func (w *writer) line(format string, args ...any) {
	w.buf.WriteString("    ")
	fmt.Fprintf(&w.buf, format, args...)
	w.buf.WriteByte('\n')
}

// lines writes several indented lines.
func (w *writer) lines(ls []string) {
	for _, l := range ls {
		w.buf.WriteString("    ")
		w.buf.WriteString(l)
		w.buf.WriteByte('\n')
	}
}

// raw writes s as it is.
func (w *writer) raw(s string) {
	w.buf.WriteString(s)
}

// duration formats d for HAProxy: whole hours as "h", otherwise the largest
// of seconds, milliseconds and microseconds that represents d exactly.
func duration(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{time.Hour, "h"}, {time.Second, "s"}, {time.Millisecond, "ms"}}
	for _, u := range units {
		if d%u.size == 0 {
			return fmt.Sprintf("%d%s", d/u.size, u.name)
		}
	}
	return fmt.Sprintf("%dus", d/time.Microsecond)
}

// word escapes the characters HAProxy's parser treats specially in an
// unquoted argument (space, '#', quotes, backslash).
func word(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(" \t#'\"\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

package haproxy

import "strings"

// Limits of one configuration line. HAProxy refuses a line of more than 64
// words (MAX_LINE_ARGS), and with it the whole file; the length bound
// keeps lines far below any buffer limit of the versions we support.
const (
	// maxLineValues is the most values written on one ACL line; with the
	// five words before them a line has at most 37 words.
	maxLineValues = 32
	// maxLineBytes bounds a line's length; a single value longer than
	// that (a host name has at most 253 bytes) still gets a line of its own.
	maxLineBytes = 1024
)

// aclValueLines returns prefix followed by values, split into as many
// lines as the limits need; no values give no line. Repeating an ACL
// declaration adds patterns to the same ACL, so the lines together match
// exactly what one long line would.
func aclValueLines(prefix string, values []string) []string {
	var out []string
	var line strings.Builder
	n := 0
	for _, v := range values {
		if n > 0 && (n == maxLineValues || line.Len()+1+len(v) > maxLineBytes) {
			out = append(out, line.String())
			line.Reset()
			n = 0
		}
		if n == 0 {
			line.WriteString(prefix)
		}
		line.WriteString(" " + v)
		n++
	}
	if n > 0 {
		out = append(out, line.String())
	}
	return out
}

package secrets

import (
	"fmt"
	"slices"
	"strings"
)

// MaxNameLen is the longest secret name allowed.
const MaxNameLen = 128

// nameChars describes the allowed characters, for error messages.
const nameChars = "letters, digits, '_', '.' and '-'"

// ValidateName checks a secret name: 1 to MaxNameLen characters, each an
// ASCII letter or digit, '_', '.' or '-'. The error names the characters
// that are not allowed.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: the name is empty (use 1 to %d of: %s)", ErrInvalidName, MaxNameLen, nameChars)
	case len(name) > MaxNameLen:
		return fmt.Errorf("%w %.20q...: it is %d characters long, the limit is %d", ErrInvalidName, name, len(name), MaxNameLen)
	}
	if bad := badChars(name); len(bad) > 0 {
		return fmt.Errorf("%w %q: %s not allowed (use only %s)", ErrInvalidName, name, describe(bad), nameChars)
	}
	return nil
}

// badChars returns the distinct characters of name that are not allowed, in
// order of first appearance.
func badChars(name string) []rune {
	var bad []rune
	for _, r := range name {
		if !nameChar(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	return bad
}

// nameChar reports whether r may appear in a secret name.
func nameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '_' || r == '.' || r == '-'
}

// describe lists runes as "' ' is" or "' ', '/' are".
func describe(rs []rune) string {
	quoted := make([]string, len(rs))
	for i, r := range rs {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	verb := " is"
	if len(rs) > 1 {
		verb = " are"
	}
	return strings.Join(quoted, ", ") + verb
}

package config

import "strings"

// site collects the errors about one app and knows on which line each of
// its fields is written, so that both decoding and validation can point at
// the line to fix.
type site struct {
	file  string
	app   string          // the app's name, for messages
	line  int             // the app's first line
	lines map[string]int  // field path -> line
	bad   map[string]bool // fields already reported while decoding
	errs  *Errors
}

// newSite returns a site for one app of file; file is "" for an App built in code.
func newSite(file string, line int, errs *Errors) *site {
	return &site{file: file, line: line, lines: map[string]int{}, bad: map[string]bool{}, errs: errs}
}

// fail reports a problem with field, unless decoding reported that field
// or one of its parents already.
func (s *site) fail(field, reason, hint string) {
	for p := field; p != ""; p = parentPath(p) {
		if s.bad[p] {
			return
		}
	}
	s.failAt(s.lineOf(field), field, reason, hint)
}

// failAt reports a problem at a known line and marks field as reported.
func (s *site) failAt(line int, field, reason, hint string) {
	s.bad[field] = true
	*s.errs = append(*s.errs, &FieldError{File: s.file, Line: line, App: s.app, Field: field, Reason: reason, Hint: hint})
}

// lineOf is the line of field, or of its closest parent that is written
// down, or the app's first line.
func (s *site) lineOf(field string) int {
	for p := field; p != ""; p = parentPath(p) {
		if l, ok := s.lines[p]; ok {
			return l
		}
	}
	return s.line
}

// parentPath drops the last ".key" or "[i]" of a field path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// join appends key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

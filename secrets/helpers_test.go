package secrets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// newDir returns a config folder that does not exist yet, with
// HALOY_AGE_IDENTITY cleared for the test.
func newDir(t *testing.T) string {
	t.Helper()
	t.Setenv(EnvIdentity, "")
	return filepath.Join(t.TempDir(), "haloy")
}

// initDir is newDir with an identity created by Init.
func initDir(t *testing.T) string {
	t.Helper()
	dir := newDir(t)
	if _, err := Init(dir); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return dir
}

// openStore opens the store in dir or fails the test.
func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// mustSet sets name to value or fails the test.
func mustSet(t *testing.T, s *Store, name, value string) {
	t.Helper()
	if err := s.Set(name, value); err != nil {
		t.Fatalf("Set(%q): %v", name, err)
	}
}

// newIdentity returns a fresh identity as text.
func newIdentity(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// identityFileKey returns the AGE-SECRET-KEY line of dir's identity file.
func identityFileKey(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(identityPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "AGE-SECRET-KEY-1") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no key in %s", identityPath(dir))
	return ""
}

// wantErrText fails the test unless err's text is want.
func wantErrText(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if err.Error() != want {
		t.Errorf("error:\n got %q\nwant %q", err.Error(), want)
	}
}

// wantMode fails the test unless path has permission bits want.
func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", path, got, want)
	}
}

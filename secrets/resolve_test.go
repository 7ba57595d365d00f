package secrets

import (
	"errors"
	"maps"
	"testing"
)

func TestResolve(t *testing.T) {
	s := openStore(t, initDir(t))
	mustSet(t, s, "db-pass", "p")
	mustSet(t, s, "api-key", "k")
	got, err := s.Resolve([]string{"db-pass", "api-key", "db-pass"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"db-pass": "p", "api-key": "k"}
	if !maps.Equal(got, want) {
		t.Errorf("Resolve = %v, want %v", got, want)
	}
}

func TestResolveNothingNeedsNoIdentity(t *testing.T) {
	got, err := openStore(t, newDir(t)).Resolve(nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Resolve(nil) = %v, %v; want empty, nil", got, err)
	}
}

func TestResolveReportsAllMissingTogether(t *testing.T) {
	s := openStore(t, initDir(t))
	mustSet(t, s, "present", "v")
	_, err := s.Resolve([]string{"db-pass", "present", "api-key", "db-pass"})
	wantErrText(t, err, `2 problems with secrets:
  - secret "db-pass" not found (set it with: docker haloy secrets set db-pass)
  - secret "api-key" not found (set it with: docker haloy secrets set api-key)`)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("errors.Is(err, ErrNotFound) = false")
	}
}

func TestResolveOneMissingReadsPlainly(t *testing.T) {
	s := openStore(t, initDir(t))
	_, err := s.Resolve([]string{"db-pass"})
	wantErrText(t, err, `secret "db-pass" not found (set it with: docker haloy secrets set db-pass)`)
}

func TestResolveReportsMissingAndIdentityProblemsTogether(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "a", "v")
	mustSet(t, s, "b", "v")
	t.Setenv(EnvIdentity, newIdentity(t))
	_, err := s.Resolve([]string{"a", "gone", "b", "bad name"})
	wantErrText(t, err, `4 problems with secrets:
  - secret "gone" not found (set it with: docker haloy secrets set gone)
  - invalid secret name "bad name": ' ' is not allowed (use only letters, digits, '_', '.' and '-')
  - cannot decrypt secret "a": it was encrypted for another key (check HALOY_AGE_IDENTITY or `+identityPath(dir)+`)
  - cannot decrypt secret "b": it was encrypted for another key (check HALOY_AGE_IDENTITY or `+identityPath(dir)+`)`)
	for _, target := range []error{ErrNotFound, ErrInvalidName, ErrWrongIdentity} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
}

package secrets

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSetGetRoundTrip(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	values := map[string]string{
		"db-pass": "hunter2",
		"empty":   "",
		"unicode": "päss wörd ✓\nsecond line",
		"binary":  "\x00\xff\x01",
	}
	for name, v := range values {
		mustSet(t, s, name, v)
	}
	reopened := openStore(t, dir)
	for name, want := range values {
		got, err := reopened.Get(name)
		if err != nil {
			t.Fatalf("Get(%q): %v", name, err)
		}
		if got != want {
			t.Errorf("Get(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSetReplacesValueKeepsCreated(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := t0
	now = func() time.Time { return clock }
	t.Cleanup(func() { now = func() time.Time { return time.Now().UTC() } })

	mustSet(t, s, "k", "old")
	clock = t0.Add(time.Hour)
	mustSet(t, s, "k", "new")

	if got, _ := s.Get("k"); got != "new" {
		t.Errorf("Get after replace = %q, want new", got)
	}
	want := []Entry{{Name: "k", Created: t0, Updated: t0.Add(time.Hour)}}
	if got := openStore(t, dir).List(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("List = %v, want %v", got, want)
	}
}

func TestIdentityFromEnv(t *testing.T) {
	dir := newDir(t) // no identity file at all
	t.Setenv(EnvIdentity, newIdentity(t))
	s := openStore(t, dir)
	mustSet(t, s, "token", "abc")
	got, err := s.Get("token")
	if err != nil || got != "abc" {
		t.Fatalf("Get = %q, %v; want abc", got, err)
	}
}

func TestEnvIdentityTakesPrecedence(t *testing.T) {
	dir := initDir(t)
	fileKey := identityFileKey(t, dir)
	t.Setenv(EnvIdentity, newIdentity(t))
	s := openStore(t, dir)
	mustSet(t, s, "token", "abc")

	t.Setenv(EnvIdentity, fileKey)
	_, err := s.Get("token")
	if !errors.Is(err, ErrWrongIdentity) {
		t.Fatalf("Get with the file's key = %v, want ErrWrongIdentity: Set must have used the env identity", err)
	}
}

func TestEnvIdentityAcceptsWholeIdentityFile(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "token", "abc")
	data, err := os.ReadFile(identityPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(identityPath(dir))
	t.Setenv(EnvIdentity, string(data)) // comments and all, as pasted from the file
	if got, err := s.Get("token"); err != nil || got != "abc" {
		t.Fatalf("Get = %q, %v; want abc", got, err)
	}
}

func TestSetWithOnlyTheRecipientFile(t *testing.T) {
	dir := initDir(t)
	key := identityFileKey(t, dir)
	if err := os.Remove(identityPath(dir)); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	mustSet(t, s, "token", "abc")

	_, err := s.Get("token")
	wantErrText(t, err, "no age identity found at "+identityPath(dir)+
		" and HALOY_AGE_IDENTITY is not set (run: docker haloy secrets init)")

	t.Setenv(EnvIdentity, key)
	if got, err := s.Get("token"); err != nil || got != "abc" {
		t.Fatalf("Get with the key in %s = %q, %v; want abc", EnvIdentity, got, err)
	}
}

func TestNoIdentity(t *testing.T) {
	dir := newDir(t)
	s := openStore(t, dir)
	err := s.Set("token", "abc")
	wantErrText(t, err, "no age identity found at "+identityPath(dir)+
		" and HALOY_AGE_IDENTITY is not set (run: docker haloy secrets init)")
	if !errors.Is(err, ErrNoIdentity) {
		t.Errorf("not ErrNoIdentity: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a failed Set created %s", dir)
	}
}

func TestWrongIdentity(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "x", "abc")
	t.Setenv(EnvIdentity, newIdentity(t))
	_, err := s.Get("x")
	wantErrText(t, err, `cannot decrypt secret "x": it was encrypted for another key (check HALOY_AGE_IDENTITY or `+identityPath(dir)+")")
	if !errors.Is(err, ErrWrongIdentity) {
		t.Errorf("not ErrWrongIdentity: %v", err)
	}
}

func TestMalformedEnvIdentity(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "x", "abc")
	const bad = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
	t.Setenv(EnvIdentity, bad)
	_, err := s.Get("x")
	if err != nil && strings.Contains(err.Error(), bad[16:]) {
		t.Errorf("error quotes the key: %v", err)
	}
	wantErrText(t, err, "HALOY_AGE_IDENTITY does not hold a valid age identity "+
		"(want a line starting with AGE-SECRET-KEY-1, as written by: docker haloy secrets init)")
	if err := s.Set("y", "abc"); err == nil {
		t.Error("Set with a malformed HALOY_AGE_IDENTITY succeeded")
	}
}

func TestMalformedIdentityFile(t *testing.T) {
	dir := initDir(t)
	if err := os.WriteFile(identityPath(dir), []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := openStore(t, dir).Set("x", "abc")
	wantErrText(t, err, identityPath(dir)+" does not hold a valid age identity "+
		"(want a line starting with AGE-SECRET-KEY-1, as written by: docker haloy secrets init)")
}

func TestGetMissing(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "db-pass", "abc")
	tests := []struct{ name, want string }{
		{"api-key", `secret "api-key" not found (set it with: docker haloy secrets set api-key)`},
		{"db-pas", `secret "db-pas" not found (did you mean "db-pass"? otherwise set it with: docker haloy secrets set db-pas)`},
	}
	for _, tt := range tests {
		_, err := s.Get(tt.name)
		wantErrText(t, err, tt.want)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q): not ErrNotFound", tt.name)
		}
	}
}

func TestSetKeepsEntriesOfOtherStores(t *testing.T) {
	dir := initDir(t)
	a, b := openStore(t, dir), openStore(t, dir)
	mustSet(t, a, "from-a", "1")
	mustSet(t, b, "from-b", "2") // b was opened before a wrote
	if err := a.Delete("from-a"); err != nil {
		t.Fatal(err)
	}
	mustSet(t, a, "again-a", "3")

	got := openStore(t, dir).List()
	if len(got) != 2 || got[0].Name != "again-a" || got[1].Name != "from-b" {
		t.Errorf("List = %v, want again-a and from-b", got)
	}
}

func TestConcurrentSetsKeepEveryEntry(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if err := s.Set(fmt.Sprintf("k%d", i), "v"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(openStore(t, dir).List()); n != 8 {
		t.Errorf("%d secrets stored, want 8", n)
	}
}

func TestDelete(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "db-pass", "abc")
	wantErrText(t, s.Delete("db-pas"),
		`secret "db-pas" not found (did you mean "db-pass"? otherwise docker haloy secrets list shows the stored ones)`)
	if err := s.Delete("db-pass"); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(t, dir).Get("db-pass"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
}

func TestInvalidNamesAreRejected(t *testing.T) {
	s := openStore(t, initDir(t))
	const want = `invalid secret name "a b": ' ' is not allowed (use only letters, digits, '_', '.' and '-')`
	wantErrText(t, s.Set("a b", "v"), want)
	_, err := s.Get("a b")
	wantErrText(t, err, want)
	wantErrText(t, s.Delete("a b"), want)
}

func TestListHasNoValues(t *testing.T) {
	s := openStore(t, initDir(t))
	mustSet(t, s, "b", "value-of-b")
	mustSet(t, s, "a", "value-of-a")
	got := s.List()
	if len(got) != 2 || got[0].Name != "a" || got[1].Name != "b" {
		t.Fatalf("List = %v, want a then b", got)
	}
	for _, e := range got {
		if e.Created.IsZero() || e.Updated.IsZero() {
			t.Errorf("entry %s lacks times: %+v", e.Name, e)
		}
	}
	// Entry has exactly Name, Created and Updated; a value field would
	// break this.
	if n := reflect.TypeFor[Entry]().NumField(); n != 3 {
		t.Errorf("Entry has %d fields, want 3 (Name, Created, Updated)", n)
	}
}

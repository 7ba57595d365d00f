package acme

import (
	"crypto"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// checkMode fails unless path has permission bits want.
func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", path, got, want)
	}
}

func TestStoreCertificateRoundTrip(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "certs-root")}
	now := time.Now()
	bundle := testBundle(t, []string{"app.example.com", "www.app.example.com"}, now, now.Add(time.Hour))
	if err := s.SaveCertificate("app.example.com", bundle); err != nil {
		t.Fatal(err)
	}
	checkMode(t, s.Dir, 0o700)
	checkMode(t, s.CertsDir(), 0o700)
	checkMode(t, s.BundlePath("app.example.com"), 0o600)
	got, err := s.LoadCertificate("app.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Bundle) != string(bundle) {
		t.Error("loaded bundle differs from the saved one")
	}
	if want := []string{"app.example.com", "www.app.example.com"}; !reflect.DeepEqual(got.Names(), want) {
		t.Errorf("names = %v, want %v", got.Names(), want)
	}
	if entries, _ := os.ReadDir(s.CertsDir()); len(entries) != 1 {
		t.Errorf("certs dir holds %d entries, want only the bundle", len(entries))
	}
	if entries, _ := os.ReadDir(filepath.Join(s.Dir, tmpDir)); len(entries) != 0 {
		t.Errorf("%d temporary files left behind", len(entries))
	}
}

func TestStoreRejects(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	now := time.Now()
	a := testBundle(t, []string{"a.example.com"}, now, now.Add(time.Hour))
	b := testBundle(t, []string{"b.example.com"}, now, now.Add(time.Hour))
	certA, keyB := a[:strings.Index(string(a), "-----BEGIN PRIVATE KEY")], b[strings.Index(string(b), "-----BEGIN PRIVATE KEY"):]
	tests := []struct {
		name, domain string
		bundle       []byte
	}{
		{"key of another certificate", "a.example.com", append(append([]byte{}, certA...), keyB...)},
		{"no key", "a.example.com", certA},
		{"garbage", "a.example.com", []byte("not pem")},
		{"path traversal", "../a.example.com", a},
		{"not a domain", "localhost", a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SaveCertificate(tt.domain, tt.bundle); err == nil {
				t.Fatal("SaveCertificate succeeded")
			}
		})
	}
	if _, err := s.LoadCertificate("a.example.com"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadCertificate of a missing bundle: %v, want fs.ErrNotExist", err)
	}
}

func TestStoreTightensExistingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: dir}
	if err := s.SaveMetadata(Metadata{Domain: "a.example.com"}); err != nil {
		t.Fatal(err)
	}
	checkMode(t, dir, 0o700)
	checkMode(t, filepath.Join(dir, "meta"), 0o700)
	checkMode(t, filepath.Join(dir, "meta", "a.example.com.json"), 0o600)
}

func TestStoreMetadata(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	empty, err := s.LoadMetadata("a.example.com")
	if err != nil || !reflect.DeepEqual(empty, Metadata{Domain: "a.example.com"}) {
		t.Fatalf("missing metadata = %+v, %v", empty, err)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m := Metadata{
		Domain: "a.example.com", Names: []string{"a.example.com"}, Issuer: "CA", NotAfter: at,
		RenewalWindow: &Window{Start: at.Add(-48 * time.Hour), End: at.Add(-24 * time.Hour)}, RenewAt: at.Add(-30 * time.Hour),
		Failures: 2, LastError: "boom", NextAttempt: at.Add(time.Hour),
	}
	if err := s.SaveMetadata(m); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadMetadata("a.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, m)
	}
}

func TestStoreDomains(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	now := time.Now()
	if err := s.SaveCertificate("b.example.com", testBundle(t, []string{"b.example.com"}, now, now.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a.example.com", "b.example.com"} {
		if err := s.SaveMetadata(Metadata{Domain: d}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Domains()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.example.com", "b.example.com"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Domains = %v, want %v", got, want)
	}
}

func TestStoreAccount(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	const dirURL = "https://127.0.0.1:14000/dir"
	dir, err := s.AccountDir(dirURL, "ops@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(s.Dir, "account", "127.0.0.1_14000", "ops@example.com"); dir != want {
		t.Fatalf("AccountDir = %s, want %s", dir, want)
	}
	first, err := s.loadAccount(dirURL, "ops@example.com")
	if err != nil {
		t.Fatal(err)
	}
	checkMode(t, dir, 0o700)
	checkMode(t, filepath.Join(dir, accountKeyFile), 0o600)
	if first.Registration != nil {
		t.Fatal("a new account is registered")
	}
	first.Registration = &legoAccount{Location: "https://ca/acct/1"}
	if err := s.saveAccount(dirURL, first); err != nil {
		t.Fatal(err)
	}
	again, err := s.loadAccount(dirURL, "ops@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !again.key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(first.key.Public()) {
		t.Error("the account key was not reused")
	}
	if again.Registration == nil || again.Registration.Location != "https://ca/acct/1" {
		t.Errorf("registration not reloaded: %+v", again.Registration)
	}
	if _, err := s.AccountDir(dirURL, "x/../../etc@example.com"); err == nil {
		t.Error("an e-mail with '/' was accepted as a directory name")
	}
}

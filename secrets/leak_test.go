package secrets

import (
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plaintext is the secret value the leak test hunts for.
const plaintext = "plaintext-7f3a9c-must-never-leak"

// TestNoValueLeaks drives every failure it can with a stored secret and
// checks that neither the value nor a private key shows up in any error
// text, in fmt output of the store, or in any file in the config folder.
func TestNoValueLeaks(t *testing.T) {
	dir := initDir(t)
	fileKey := identityFileKey(t, dir)
	otherKey := newIdentity(t)
	s := openStore(t, dir)
	mustSet(t, s, "db-pass", plaintext)
	assertCiphertextClean(t, dir)

	var errs []error
	collect := func(err error) {
		if err == nil {
			t.Errorf("expected an error (call %d)", len(errs)+1)
		}
		errs = append(errs, err)
	}
	collect(s.Set("bad name", plaintext))
	collect(s.Set(strings.Repeat("x", 200), plaintext))
	collect(openStore(t, newDir(t)).Set("db-pass", plaintext))
	_, err := openStore(t, newDir(t)).Get("db-pass")
	collect(err)

	t.Setenv(EnvIdentity, otherKey)
	_, err = s.Get("db-pass")
	collect(err)
	_, err = s.Resolve([]string{"db-pass", "missing"})
	collect(err)

	t.Setenv(EnvIdentity, fileKey[:len(fileKey)-1]+"x") // broken checksum
	_, err = s.Get("db-pass")
	collect(err)
	collect(s.Set("db-pass", plaintext))

	t.Setenv(EnvIdentity, "")
	collect(s.Delete("db-pas"))
	corruptCiphertext(t, dir)
	_, err = openStore(t, dir).Get("db-pass")
	collect(err)

	forbidden := []string{
		plaintext,
		base64.StdEncoding.EncodeToString([]byte(plaintext)),
		base64.RawStdEncoding.EncodeToString([]byte(plaintext)),
		fileKey[len("AGE-SECRET-KEY-1"):], otherKey[len("AGE-SECRET-KEY-1"):],
	}
	for i, err := range errs {
		if err != nil {
			assertClean(t, fmt.Sprintf("error %d (%s)", i+1, err), err.Error(), forbidden)
		}
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assertClean(t, "fmt "+verb+" of the store", fmt.Sprintf(verb, s), forbidden)
		assertClean(t, "fmt "+verb+" of List", fmt.Sprintf(verb, s.List()), forbidden)
	}
	assertFilesClean(t, dir, forbidden[:3])
	assertCiphertextClean(t, dir)
}

// assertCiphertextClean fails the test if the decoded ciphertext of any
// stored secret contains the plaintext (base64 in the file could hide it).
func assertCiphertextClean(t *testing.T, dir string) {
	t.Helper()
	recs, err := readStore(filepath.Join(dir, StoreFile))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range recs {
		assertClean(t, "ciphertext of "+name, string(r.Ciphertext), []string{plaintext})
	}
}

// corruptCiphertext flips one byte of the first secret's age payload.
func corruptCiphertext(t *testing.T, dir string) {
	t.Helper()
	recs, err := readStore(filepath.Join(dir, StoreFile))
	if err != nil {
		t.Fatal(err)
	}
	r := recs["db-pass"]
	r.Ciphertext = append([]byte(nil), r.Ciphertext...)
	r.Ciphertext[len(r.Ciphertext)-1] ^= 1
	recs["db-pass"] = r
	if err := writeStore(filepath.Join(dir, StoreFile), recs); err != nil {
		t.Fatal(err)
	}
}

// assertClean fails the test if text contains any of forbidden.
func assertClean(t *testing.T, what, text string, forbidden []string) {
	t.Helper()
	for _, f := range forbidden {
		if strings.Contains(text, f) {
			t.Errorf("%s contains secret material %.12q...", what, f)
		}
	}
}

// assertFilesClean fails the test if any file under dir contains any of
// forbidden.
func assertFilesClean(t *testing.T, dir string, forbidden []string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		n++
		assertClean(t, path, string(data), forbidden)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 {
		t.Errorf("checked only %d files in %s, want the identity, recipient and store files", n, dir)
	}
}

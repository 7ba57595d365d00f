package secrets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestStoreFileFormatAndModes(t *testing.T) {
	dir := initDir(t)
	s := openStore(t, dir)
	mustSet(t, s, "b", "1")
	mustSet(t, s, "a", "2")
	path := filepath.Join(dir, StoreFile)
	wantMode(t, dir, 0o700)
	wantMode(t, path, 0o600)

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version int
		Secrets []map[string]any
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != 1 || len(f.Secrets) != 2 || f.Secrets[0]["name"] != "a" {
		t.Fatalf("unexpected document:\n%s", data)
	}
	for _, key := range []string{"name", "created", "updated", "ciphertext"} {
		if _, ok := f.Secrets[0][key]; !ok {
			t.Errorf("secret lacks %q:\n%s", key, data)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestOpenRejectsBadFiles(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"future version", `{"version": 2, "secrets": []}`,
			"format version 2, want 1 (is this docker haloy older than the one that wrote it?)"},
		{"duplicate", `{"version": 1, "secrets": [{"name": "a"}, {"name": "a"}]}`,
			`secret "a" appears twice (remove one by hand)`},
		{"bad name", `{"version": 1, "secrets": [{"name": "a b"}]}`,
			`invalid secret name "a b": ' ' is not allowed (use only letters, digits, '_', '.' and '-')`},
		{"not json", `{`, "unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, StoreFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir)
			wantErrText(t, err, "reading secrets "+path+": "+tt.want)
		})
	}
}

func TestOpenMissingStoreIsEmpty(t *testing.T) {
	s := openStore(t, newDir(t))
	if n := len(s.List()); n != 0 {
		t.Errorf("List of a new store has %d entries", n)
	}
}

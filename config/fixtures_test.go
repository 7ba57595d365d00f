package config

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestFixtures parses every testdata/*.yaml and compares the result with the
// .golden file beside it: the apps as JSON for valid-*, the error text for
// invalid-*. Run with -update to rewrite the golden files, then review them.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got := fixtureOutput(t, file)
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// fixtureOutput loads file and returns what its golden file should hold.
func fixtureOutput(t *testing.T, file string) string {
	t.Helper()
	apps, err := Load(file)
	valid := strings.HasPrefix(filepath.Base(file), "valid-")
	switch {
	case valid && err != nil:
		t.Fatalf("valid fixture fails: %v", err)
	case !valid && err == nil:
		t.Fatalf("invalid fixture parses")
	case !valid:
		return err.Error() + "\n"
	}
	out, err := json.MarshalIndent(apps, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out) + "\n"
}

package commands

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/secrets"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/json")

var when = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// jsonCases are the documents scripts read of this package's commands
// (the command tree's are pinned in cli-plugin/tree): each --format json
// output, once with every list empty (nil) and once filled in.
func jsonCases() map[string]any {
	return map[string]any{
		"secrets-empty": []secrets.Entry(nil),
		"secrets":       []secrets.Entry{{Name: "DB_PASSWORD", Created: when, Updated: when}},
	}
}

// TestJSONShapes pins every JSON document to a golden file and checks the
// style: camelCase keys and no null (lists are [] when empty).
func TestJSONShapes(t *testing.T) {
	for name, v := range jsonCases() {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := writeJSON(&out, v); err != nil {
				t.Fatal(err)
			}
			for _, bad := range jsonout.Check(out.Bytes()) {
				t.Error(bad)
			}
			golden := filepath.Join("testdata", "json", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cli-plugin/commands -run TestJSONShapes -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("%s changed; got:\n%s", golden, out.String())
			}
		})
	}
}

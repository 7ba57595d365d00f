package subcmd

import (
	"bytes"
	"strings"
	"testing"

	"github.com/haloydev/haloy/sidecar/history"
)

func TestHistorySaveWithKeepPrunesInOneCall(t *testing.T) {
	s := history.Store{Dir: t.TempDir()}
	ids := []string{"20260101120000", "20260102120000", "20260103120000"}
	for _, id := range ids[:2] {
		if err := runHistory(s, []string{"save", "web", id, `{"image":"web:` + id + `"}`}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := runHistory(s, []string{"save", "web", ids[2], `{"image":"web:x"}`, "--keep", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != `["`+ids[0]+`"]` {
		t.Errorf("pruned = %s, want the oldest", got)
	}
	entries, err := s.List("web")
	if err != nil || len(entries) != 2 || entries[0].ID != ids[2] {
		t.Errorf("after save --keep 2: %+v, %v", entries, err)
	}
	for _, bad := range [][]string{{"save", "web", ids[2], "{}", "--keep", "0"}, {"save", "web", ids[2], "{}", "--kept", "2"}} {
		if err := runHistory(s, bad, &bytes.Buffer{}); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

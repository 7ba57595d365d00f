package history

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSaveListGetPrune(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	ids := []string{"20261130100000", "20261130110000", "20261130120000", "20261130130000"}
	for _, id := range ids {
		if err := s.Save("web", id, json.RawMessage(`{"image":"web:`+id+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.List("web")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].ID != ids[3] || got[3].ID != ids[0] {
		t.Fatalf("List order = %v, want newest first", got)
	}
	e, err := s.Get("web", ids[1])
	if err != nil || string(e.Snapshot) != `{"image":"web:`+ids[1]+`"}` {
		t.Fatalf("Get = %+v, %v", e, err)
	}
	removed, err := s.Prune("web", 2, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(removed, []string{ids[1]}) {
		t.Errorf("Prune removed %v, want only %s (the oldest is protected)", removed, ids[1])
	}
	if _, err := s.Get("web", ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned snapshot still readable: %v", err)
	}
	info, err := os.Stat(filepath.Join(s.Dir, "web", ids[0]+".json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("snapshot file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

func TestRejectsBadInput(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	cases := []struct{ app, id, snap string }{
		{"../etc", "20261130100000", `{}`},
		{"web", "latest", `{}`},
		{"web", "20261130100000", `{not json`},
	}
	for _, c := range cases {
		if err := s.Save(c.app, c.id, json.RawMessage(c.snap)); err == nil {
			t.Errorf("Save(%q, %q, %q) succeeded, want an error", c.app, c.id, c.snap)
		}
	}
	if _, err := s.List("Bad/Name"); err == nil {
		t.Error("List of an invalid app name succeeded")
	}
}

func TestLatestIsEachAppsNewest(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "history")}
	if l, err := s.Latest(); err != nil || l == nil || len(l) != 0 {
		t.Fatalf("Latest without a folder = %#v, %v; want an empty list", l, err)
	}
	for _, e := range []struct{ app, id string }{{"web", "20261130100000"}, {"web", "20261130110000"}, {"api", "20261129100000"}} {
		if err := s.Save(e.app, e.id, json.RawMessage(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(s.Dir, "empty"), 0o700)
	l, err := s.Latest()
	if err != nil || len(l) != 2 || l[0].App != "api" || l[1].App != "web" || l[1].ID != "20261130110000" {
		t.Fatalf("Latest = %+v, %v", l, err)
	}
}

package membership

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestRetiringIsKeptUntilRemoved(t *testing.T) {
	var st State
	st.Register("web", dep1, []string{"a1", "a2"}, true, t0)
	st.Retiring("web", []string{"a2", "a1"}, t0)
	st.Retiring("web", []string{"a1", "x9"}, t0.Add(time.Minute)) // a1 keeps its first time
	st.Retiring("api", []string{"b1"}, t0.Add(30*time.Second))
	st.Retiring("web", nil, t0)
	if got := list(st); got != "web/a1@0s web/a2@0s api/b1@30s web/x9@1m0s" {
		t.Fatalf("retiring = %s", got)
	}
	if st.Removed([]string{"nope"}) {
		t.Error("removing an unknown container reported a change")
	}
	if !st.Removed([]string{"a1", "b1"}) {
		t.Error("removing recorded containers reported no change")
	}
	if got := list(st); got != "web/a2@0s web/x9@1m0s" {
		t.Errorf("after Removed: %s", got)
	}
	if st.Apps["api"].Retiring != nil {
		t.Errorf("an emptied record stays: %+v", st.Apps["api"])
	}
	if len(st.Apps["web"].Deployments) != 1 {
		t.Errorf("retiring touched the registrations: %+v", st.Apps["web"])
	}
}

func TestRetiringSurvivesTheStore(t *testing.T) {
	s := Store{File: filepath.Join(t.TempDir(), "membership.json")}
	if err := s.Update(func(st *State) error { st.Retiring("web", []string{"a1"}, t0); return nil }); err != nil {
		t.Fatal(err)
	}
	st, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := list(st); got != "web/a1@0s" {
		t.Errorf("reloaded retiring = %s", got)
	}
}

// list renders RetiringContainers as "app/id@since-t0 ...".
func list(st State) string {
	out := ""
	for i, r := range st.RetiringContainers() {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%s/%s@%s", r.App, r.ID, r.Since.Sub(t0))
	}
	return out
}

package membership

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommand(t *testing.T) {
	s := Store{File: filepath.Join(t.TempDir(), "membership.json")}
	run := func(args ...string) error { return Command(s, "haloy-api", args, &bytes.Buffer{}, t0) }
	if err := run("register", "web", dep2, "c1", "c2"); err != nil {
		t.Fatal(err)
	}
	if err := run("register", "web", dep3, "--promote", "c3"); err != nil {
		t.Fatal(err)
	}
	if err := run("promote", "web", dep1); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("promoting an unregistered deployment: %v", err)
	}
	for _, bad := range [][]string{{"register", "haloy-api", dep1}, {"register", "web", "yesterday"}, {"register", "Bad Name", dep1}, {"frobnicate", "web"}, {}} {
		if err := run(bad...); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	st, _ := s.Load()
	web := st.Apps["web"]
	if d := web.Deployments[dep2]; d.Promoted || strings.Join(d.Containers, ",") != "c1,c2" {
		t.Errorf("%s = %+v, want c1,c2 not promoted", dep2, d)
	}
	if d := web.Deployments[dep3]; !d.Promoted {
		t.Errorf("%s registered with --promote is not promoted", dep3)
	}
	if err := run("promote", "web", dep2); err != nil || !mustLoad(t, s).Apps["web"].Deployments[dep2].Promoted {
		t.Errorf("promote: %v", err)
	}
	s.Update(func(st *State) error { st.Bind("blog", Binding{Project: "blog", Service: "web"}); return nil })
	if err := run("unbind", "blog"); err != nil || mustLoad(t, s).Apps["blog"].Binding != nil {
		t.Errorf("unbind: %v", err)
	}
	if err := run("retire", "web"); err != nil || !mustLoad(t, s).Apps["web"].Retired {
		t.Errorf("retire: %v", err)
	}
	if err := run("retiring", "web", "c1", "c2"); err != nil || len(mustLoad(t, s).Apps["web"].Retiring) != 2 {
		t.Errorf("retiring: %v", err)
	}
	if err := run("retiring", "web"); err == nil {
		t.Errorf("retiring with no container was accepted")
	}
	if err := run("forget", "web"); err != nil || len(mustLoad(t, s).Apps["web"].Deployments) != 0 {
		t.Errorf("forget: %v", err)
	}
	if err := run("retire", "haloy-api"); err == nil {
		t.Errorf("retiring the sidecar's own API was accepted")
	}
	var out bytes.Buffer
	if err := Command(s, "haloy-api", []string{"show"}, &out, t0); err != nil || !strings.Contains(out.String(), "blog") {
		t.Errorf("show = %s, %v", out.String(), err)
	}
}

func mustLoad(t *testing.T, s Store) State {
	t.Helper()
	st, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

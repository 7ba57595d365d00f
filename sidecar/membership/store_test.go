package membership

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestStoreUpdatesFromManyWritersAreKept(t *testing.T) {
	s := Store{File: filepath.Join(t.TempDir(), "data", "membership.json")}
	if st, err := s.Load(); err != nil || len(st.Apps) != 0 {
		t.Fatalf("missing file: %+v, %v", st, err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "2026010112" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00"
			if err := s.Update(func(st *State) error { st.Register("web", id, []string{id}, false, t0); return nil }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st, err := s.Load()
	if err != nil || len(st.Apps["web"].Deployments) != 20 {
		t.Fatalf("after 20 concurrent registrations: %d deployments, %v", len(st.Apps["web"].Deployments), err)
	}
}

func TestStoreFailedChangeSavesNothingAndBadFileIsAnError(t *testing.T) {
	s := Store{File: filepath.Join(t.TempDir(), "membership.json")}
	boom := errors.New("boom")
	if err := s.Update(func(st *State) error { st.Bind("web", Binding{Project: "p"}); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if _, err := os.Stat(s.File); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed change wrote the file: %v", err)
	}
	os.WriteFile(s.File, []byte("{not json"), 0o600)
	if _, err := s.Load(); err == nil {
		t.Errorf("a corrupt file loaded without error")
	}
}

package daemon

import (
	"testing"
	"time"
)

func TestCrashLoopSlowsDown(t *testing.T) {
	var s supervisor
	s.countQuick(0) // the first start
	s.started = time.Now()
	var pauses []time.Duration
	for range 6 {
		s.countQuick(10 * time.Millisecond)
		pauses = append(pauses, s.crashPause())
	}
	want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	for i := range want {
		if pauses[i] != want[i] {
			t.Fatalf("pauses after quick deaths = %v, want %v", pauses, want)
		}
	}
	s.countQuick(5 * time.Second)
	if p := s.crashPause(); p != 0 {
		t.Errorf("after a run of 5 s the pause is %s, want 0 (a kill now and then is no crash loop)", p)
	}
	s.quick = 100
	if p := s.crashPause(); p != maxCrashPause {
		t.Errorf("pause after 100 quick deaths = %s, want %s", p, maxCrashPause)
	}
}

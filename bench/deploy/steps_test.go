package main

import (
	"testing"
	"time"
)

// TestParseSteps reads the timings line of deploy --timings.
func TestParseSteps(t *testing.T) {
	out := "deployment 1 of bench\nbench: deployment 20261202010101 is serving\nbench: timings: lock 12ms, tag 3ms, create 301ms, start 1.2s, ready 2.5s, switch 80ms, drain 40ms, record 20ms, stop+remove 900ms\n"
	s, err := parseSteps(out)
	if err != nil {
		t.Fatal(err)
	}
	if s["start"] != 1200*time.Millisecond || s["stop+remove"] != 900*time.Millisecond || len(s) != 9 {
		t.Errorf("parseSteps = %v", s)
	}
	if got, want := s.rest(6*time.Second), 6*time.Second-5036*time.Millisecond; got != want {
		t.Errorf("rest = %s, want %s", got, want)
	}
	if _, err := parseSteps("no such line"); err == nil {
		t.Error("parseSteps of output without timings: no error")
	}
}

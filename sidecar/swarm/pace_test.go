package swarm

import (
	"testing"
	"time"
)

func TestPacer(t *testing.T) {
	const steady, fast = time.Second, 250 * time.Millisecond
	t0 := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	still := Transition{}
	starting := Transition{Moving: 1}
	stopping := func(ids ...string) Transition {
		tr := Transition{Moving: len(ids), Stopping: map[string]bool{}}
		for _, id := range ids {
			tr.Stopping[id] = true
		}
		return tr
	}
	// Each step is an event (event true) or a listing's transition at a
	// time, with the wait the pacer then picks.
	type step struct {
		at    time.Duration
		event bool
		tr    Transition
		want  time.Duration
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "nothing moves: steady", steps: []step{{at: 0, tr: still, want: steady}, {at: time.Hour, tr: still, want: steady}}},
		{name: "an event polls fast while it settles, then steady", steps: []step{
			{at: 0, event: true, want: fast}, {at: 0, tr: still, want: fast},
			{at: EventSettle - time.Millisecond, tr: still, want: fast}, {at: EventSettle, tr: still, want: steady},
		}},
		{name: "a transition polls fast until it ends", steps: []step{
			{at: 0, tr: starting, want: fast}, {at: 10 * time.Second, tr: stopping("t1"), want: fast}, {at: 11 * time.Second, tr: still, want: steady},
		}},
		{name: "a transition stuck past the window falls back to steady", steps: []step{
			{at: 0, tr: starting, want: fast}, {at: FastPollWindow - time.Millisecond, tr: starting, want: fast},
			{at: FastPollWindow, tr: starting, want: steady},
		}},
		{name: "each task that begins stopping extends the window", steps: []step{
			{at: 0, tr: stopping("t1"), want: fast}, {at: FastPollWindow - time.Second, tr: stopping("t1", "t2"), want: fast},
			{at: FastPollWindow + time.Second, tr: stopping("t2"), want: fast}, {at: 2*FastPollWindow - time.Second, tr: stopping("t2"), want: steady},
		}},
		{name: "an event re-arms a stuck transition", steps: []step{
			{at: 0, tr: starting, want: fast}, {at: FastPollWindow, tr: starting, want: steady},
			{at: FastPollWindow + time.Second, event: true, want: fast}, {at: FastPollWindow + time.Second, tr: starting, want: fast},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pacer{steady: steady, fast: fast, settle: EventSettle, window: FastPollWindow}
			for i, s := range tt.steps {
				if s.event {
					p.event(at(s.at))
				} else {
					p.listed(at(s.at), s.tr)
				}
				if got := p.next(at(s.at)); got != s.want {
					t.Fatalf("step %d (%+v): next = %s, want %s", i, s, got, s.want)
				}
			}
		})
	}
}

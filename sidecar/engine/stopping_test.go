package engine

import (
	"testing"

	"github.com/moby/moby/api/types/events"
)

func event(action events.Action, id string, attrs map[string]string) events.Message {
	return events.Message{Action: action, Actor: events.Actor{ID: id, Attributes: attrs}}
}

func TestNoteStoppingFollowsStopSignalsOnly(t *testing.T) {
	e := New(nil, "haloy")
	steps := []struct {
		m    events.Message
		want bool
	}{
		{event(events.ActionKill, "a", map[string]string{"signal": "1"}), false}, // SIGHUP: a reload, not a stop
		{event(events.ActionKill, "a", map[string]string{"signal": "15"}), true},
		{event(events.ActionDie, "a", nil), false},
		{event(events.ActionKill, "a", map[string]string{"signal": "SIGKILL"}), true},
		{event(events.ActionStart, "a", nil), false}, // restarted: serves again once ready
	}
	for i, s := range steps {
		e.noteStopping(s.m)
		if got := e.isStopping("a"); got != s.want {
			t.Errorf("step %d (%s %v): stopping %t, want %t", i, s.m.Action, s.m.Actor.Attributes, got, s.want)
		}
	}
	e.noteStopping(event(events.ActionKill, "b", map[string]string{"signal": "15"}))
	e.forgetGone(map[string]bool{"a": true})
	if e.isStopping("b") {
		t.Error("a container no longer listed is still remembered as stopping")
	}
}

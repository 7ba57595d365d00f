package follow

import (
	"context"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/wire"
)

// TestFollowers checks the report init waits on: each follower's applied
// version, whether it is the current one, whether the follower is live
// and how long ago it last polled.
func TestFollowers(t *testing.T) {
	p := NewPublisher()
	if st := p.Followers(time.Now()); st.Version != "" || len(st.Followers) != 0 {
		t.Fatalf("before any poll: %+v", st)
	}
	p.SetModel(haproxy.Settings{}, model("10.0.0.2"))
	st, _ := p.Wait(context.Background(), "")
	now := time.Now()
	p.polled("node3", "", now)(now)         // polled before its HAProxy served
	p.polled("node2", st.Version, now)      // a poll still open
	p.polled("node4", st.Version, now)(now) // polled, then went away
	p.polled("node5", st.Version, now)(now.Add(-2 * time.Hour))
	later := now.Add(2 * time.Second)
	gone := now.Add(AckWindow + time.Second)
	cases := []struct {
		at   time.Time
		want []wire.FollowerStatus
	}{
		{later, []wire.FollowerStatus{
			{Name: "node2", Applied: st.Version, Current: true, Live: true},
			{Name: "node3", Live: true, LastPollAge: wire.Duration(2 * time.Second)},
			{Name: "node4", Applied: st.Version, Current: true, Live: true, LastPollAge: wire.Duration(2 * time.Second)},
		}},
		{gone, []wire.FollowerStatus{
			{Name: "node2", Applied: st.Version, Current: true, Live: true},
			{Name: "node3", LastPollAge: wire.Duration(AckWindow + time.Second)},
			{Name: "node4", Applied: st.Version, Current: true, LastPollAge: wire.Duration(AckWindow + time.Second)},
		}},
	}
	for _, c := range cases {
		got := p.Followers(c.at)
		if got.Version != st.Version || len(got.Followers) != len(c.want) {
			t.Fatalf("at +%s: %+v, want version %s and %d followers", c.at.Sub(now), got, st.Version, len(c.want))
		}
		for i, w := range c.want {
			if got.Followers[i] != w {
				t.Errorf("at +%s: follower %d = %+v, want %+v", c.at.Sub(now), i, got.Followers[i], w)
			}
			if got.Followers[i].Serving() != (w.Live && w.Current) {
				t.Errorf("%s: Serving() = %v", w.Name, got.Followers[i].Serving())
			}
		}
	}
	p.SetModel(haproxy.Settings{}, model("10.0.0.3"))
	if f := p.Followers(later).Follower("node2"); f == nil || f.Current || f.Serving() {
		t.Errorf("after a change node2 = %+v, want not current", f)
	}
}

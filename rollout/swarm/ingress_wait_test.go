package swarm

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/wire"
)

func TestFollowerServes(t *testing.T) {
	st := &wire.FollowStatus{Version: "e-3", Followers: []wire.FollowerStatus{
		{Name: "ok", Applied: "e-3", Current: true, Live: true},
		{Name: "old", Applied: "e-2", Live: true},
		{Name: "empty", Live: true},
		{Name: "gone", Applied: "e-3", Current: true, LastPollAge: wire.Duration(9 * time.Second)},
	}}
	cases := []struct {
		st         *wire.FollowStatus
		node, want string
	}{
		{st, "ok", ""},
		{st, "old", "serves version e-2, the leader publishes e-3"},
		{st, "empty", "serves no state yet"},
		{st, "gone", "last polled 9s ago"},
		{st, "missing", "has not polled the leader yet"},
		{&wire.FollowStatus{}, "ok", "published no state yet"},
		{nil, "ok", "reports no followers"},
	}
	for _, c := range cases {
		v, why := followerServes(c.st, c.node)
		if c.want == "" {
			if why != "" || v != "e-3" {
				t.Errorf("%s: (%q, %q), want serving e-3", c.node, v, why)
			}
			continue
		}
		if v != "" || !strings.Contains(why, c.want) {
			t.Errorf("%s: (%q, %q), want a reason containing %q", c.node, v, why, c.want)
		}
	}
}

// TestIngressWait checks that each node is reported once as it comes up,
// that a node that never serves is returned with its reason after the
// timeout, and that read errors are waited out.
func TestIngressWait(t *testing.T) {
	reads := 0
	read := func(context.Context) (*wire.FollowStatus, error) {
		reads++
		switch {
		case reads == 1:
			return nil, errors.New("exec failed")
		case reads < 4:
			return &wire.FollowStatus{Version: "e-1"}, nil
		}
		return &wire.FollowStatus{Version: "e-1", Followers: []wire.FollowerStatus{
			{Name: "node2", Applied: "e-1", Current: true, Live: true}, {Name: "node3", Live: true}}}, nil
	}
	var serving []string
	progress := 0
	w := IngressWait{Read: read, Timeout: 100 * time.Millisecond, Interval: 5 * time.Millisecond, Progress: 20 * time.Millisecond,
		Serving: func(node, version string) { serving = append(serving, node+"@"+version) },
		Waiting: func(time.Duration, map[string]string) { progress++ }}
	start := time.Now()
	missing, err := w.Wait(context.Background(), []string{"node2", "node3"})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 100*time.Millisecond || took > time.Second {
		t.Errorf("waited %s, want the 100ms timeout", took)
	}
	if !slices.Equal(serving, []string{"node2@e-1"}) {
		t.Errorf("serving reported %v, want node2 once", serving)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(missing)), []string{"node3"}) || !strings.Contains(missing["node3"], "serves no state yet") {
		t.Errorf("missing %v, want node3 with its reason", missing)
	}
	if progress < 2 {
		t.Errorf("%d progress reports in 100ms, want about 5", progress)
	}

	reads = 3
	missing, err = w.Wait(context.Background(), []string{"node2"})
	if err != nil || len(missing) != 0 {
		t.Errorf("a node serving at once: missing %v, err %v", missing, err)
	}
}

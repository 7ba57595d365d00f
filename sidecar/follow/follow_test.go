package follow

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/certs"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func model(addrs ...string) haproxy.Model {
	app := haproxy.App{Name: "shop", HealthCheckPath: "/"}
	for i, a := range addrs {
		app.Servers = append(app.Servers, haproxy.Server{Name: "shop-" + string(rune('a'+i)), Address: a, Port: "80"})
	}
	return haproxy.Model{Apps: []haproxy.App{app}}
}

func TestPublisherVersions(t *testing.T) {
	p := NewPublisher()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	p.SetCertificates([]certs.Bundle{{Domain: "a.test", PEM: []byte("x")}})
	if _, ok := p.Wait(ctx, ""); ok {
		t.Fatal("a state without a model was published")
	}
	p.SetModel(haproxy.Settings{}, model("10.0.0.2"))
	st, ok := p.Wait(context.Background(), "")
	if !ok || st.Version == "" || len(st.Certificates) != 1 || len(st.Model.Apps) != 1 {
		t.Fatalf("first state = %+v, %v", st, ok)
	}
	v1 := st.Version
	p.SetModel(haproxy.Settings{}, model("10.0.0.2")) // unchanged
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if st, ok := p.Wait(ctx2, v1); ok {
		t.Fatalf("an unchanged model made version %s", st.Version)
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		m := model("10.0.0.2")
		m.Apps[0].Servers[0].Draining = true
		p.SetModel(haproxy.Settings{}, m)
	}()
	st, ok = p.Wait(context.Background(), v1)
	if !ok || st.Version == v1 || !st.Model.Apps[0].Servers[0].Draining {
		t.Fatalf("after draining: %+v, %v", st, ok)
	}
	if other := NewPublisher(); other.epoch == p.epoch {
		t.Error("two publishers share an epoch: a restarted leader could repeat a version")
	}
}

func TestHandlerAndClient(t *testing.T) {
	p := NewPublisher()
	p.SetModel(haproxy.Settings{HTTPPort: 80}, model("10.0.0.2", "10.0.0.3"))
	token := func() (string, error) { return "secret", nil }
	srv := httptest.NewServer(Handler(p, token, quiet))
	defer srv.Close()
	ctx := context.Background()

	bad := Client{Leader: srv.URL, Token: func() (string, error) { return "wrong", nil }, Wait: 50 * time.Millisecond}
	if _, _, err := bad.Poll(ctx, "", ""); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong token: err = %v, want 401", err)
	}
	c := Client{Leader: srv.URL, Token: token, Wait: 50 * time.Millisecond}
	st, changed, err := c.Poll(ctx, "", "")
	if err != nil || !changed || len(st.Model.Apps[0].Servers) != 2 || st.Settings.HTTPPort != 80 {
		t.Fatalf("poll = %+v, %v, %v", st, changed, err)
	}
	start := time.Now()
	_, changed, err = c.Poll(ctx, st.Version, st.Version)
	if err != nil || changed || time.Since(start) < 40*time.Millisecond {
		t.Fatalf("poll without change = %v, %v after %s; want a 50ms wait and no change", changed, err, time.Since(start))
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		p.SetModel(haproxy.Settings{HTTPPort: 80}, model("10.0.0.3"))
	}()
	c.Wait = 5 * time.Second
	start = time.Now()
	next, changed, err := c.Poll(ctx, st.Version, st.Version)
	if err != nil || !changed || len(next.Model.Apps[0].Servers) != 1 || time.Since(start) > time.Second {
		t.Fatalf("long poll = %+v, %v, %v after %s", next, changed, err, time.Since(start))
	}
	resp, err := http.Get(srv.URL + Path + "?wait=1h")
	if err == nil {
		resp.Body.Close()
	}
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unauthenticated request: %v %v", resp.StatusCode, err)
	}
}

// fakeLeader answers polls from a list, then fails.
type fakeLeader struct {
	mu     sync.Mutex
	states []State
	down   bool
}

func (l *fakeLeader) Poll(ctx context.Context, version, _ string) (State, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down || len(l.states) == 0 {
		return State{}, false, errors.New("connection refused")
	}
	st := l.states[0]
	l.states = l.states[1:]
	return st, st.Version != version, nil
}

// recordingLocal records what it served; it fails the first fail serves.
type recordingLocal struct {
	mu     sync.Mutex
	served []string
	fail   int
}

func (r *recordingLocal) Serve(_ context.Context, st State) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("haproxy refused")
	}
	r.served = append(r.served, st.Version)
	return nil
}

func (r *recordingLocal) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.served) == 0 {
		return ""
	}
	return r.served[len(r.served)-1]
}

func TestFollowerKeepsLastStateWhenLeaderIsLost(t *testing.T) {
	leader := &fakeLeader{states: []State{{Version: "e-1", Model: model("10.0.0.2")}, {Version: "e-2", Model: model("10.0.0.3")}}}
	local := &recordingLocal{fail: 1}
	f := &Follower{Leader: leader, Local: local, Log: quiet}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.Run(ctx)
	waitFor(t, func() bool { s := f.Status(); return s.Version == "e-2" && s.LeaderError != "" })
	s := f.Status()
	if local.last() != "e-2" || s.Servers != 1 || s.ApplyError != "" {
		t.Fatalf("status %+v, served %v", s, local.served)
	}
	local.mu.Lock()
	before := len(local.served)
	local.mu.Unlock()
	f.Again() // a retry while the leader is down applies the last state again
	waitFor(t, func() bool { local.mu.Lock(); defer local.mu.Unlock(); return len(local.served) > before })
	if local.last() != "e-2" {
		t.Fatalf("served %v after the leader was lost, want e-2 kept", local.served)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBehind(t *testing.T) {
	p := NewPublisher()
	p.SetModel(haproxy.Settings{}, model("10.0.0.2"))
	st, _ := p.Wait(context.Background(), "")
	now := time.Now()
	end := p.polled("node2", "", now)
	if got := p.Behind(now); len(got) != 1 || got[0] != "node2" {
		t.Fatalf("a follower serving nothing yet: behind = %v", got)
	}
	end(now)
	p.polled("node2", st.Version, now)
	p.polled("node3", st.Version, now)(now)
	if got := p.Behind(now); len(got) != 0 {
		t.Fatalf("followers serving the current version: behind = %v", got)
	}
	p.SetModel(haproxy.Settings{}, model("10.0.0.3"))
	if got := p.Behind(now); len(got) != 2 {
		t.Fatalf("after a change: behind = %v, want both", got)
	}
	// node3 stopped polling: after AckWindow it holds nothing back; node2
	// is still in a poll.
	if got := p.Behind(now.Add(AckWindow + time.Second)); len(got) != 1 || got[0] != "node2" {
		t.Fatalf("behind = %v, want node2 only", got)
	}
}

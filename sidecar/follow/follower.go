package follow

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Local is the node-local HAProxy a follower drives (see HAProxy).
type Local interface {
	// Serve makes the local HAProxy serve st.
	Serve(ctx context.Context, st State) error
}

// Poller fetches the leader's state (Client), telling it the version
// the local HAProxy serves.
type Poller interface {
	Poll(ctx context.Context, version, applied string) (State, bool, error)
}

// pending is a new state for the applier; done is closed once it was tried.
type pending struct {
	state State
	done  chan struct{}
}

// Timing of a follower.
const (
	// RetryApply is when a state the local HAProxy refused is tried again.
	RetryApply = time.Second
	// MaxLeaderPause is the longest pause between polls of an unreachable leader.
	MaxLeaderPause = 5 * time.Second
	// Resync is how often the last state is applied again without a change,
	// so a restarted HAProxy gets runtime-only state back.
	Resync = 30 * time.Second
)

// Follower keeps a local HAProxy serving the leader's state. It applies
// only complete states; when the leader cannot be reached the last one
// keeps serving and Status reports the loss.
type Follower struct {
	Leader Poller
	Local  Local
	Log    *slog.Logger

	again chan struct{}

	mu     sync.Mutex
	status Status
}

// Status is what a follower reports on its health endpoint.
type Status struct {
	// Version is the leader state's version the local HAProxy serves.
	Version string `json:"version"`
	// Applied is when that state was applied.
	Applied time.Time `json:"applied,omitzero"`
	// LeaderContact is when the leader last answered.
	LeaderContact time.Time `json:"leaderContact,omitzero"`
	// LeaderError is why the last poll failed ("" when it worked).
	LeaderError string `json:"leaderError,omitempty"`
	// ApplyError is why the last state could not be applied ("" when it was).
	ApplyError string `json:"applyError,omitempty"`
	// Apps and Servers count what the local HAProxy routes.
	Apps    int `json:"apps"`
	Servers int `json:"servers"`
	// Certificates counts the certificates installed.
	Certificates int `json:"certificates"`
}

// Status returns the follower's status.
func (f *Follower) Status() Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

// Again asks for the last state to be applied again soon (the applier's
// RetryLater, when removed servers wait for idle connections to close).
func (f *Follower) Again() {
	select {
	case f.again <- struct{}{}:
	default:
	}
}

// Run follows the leader until ctx ends.
func (f *Follower) Run(ctx context.Context) {
	if f.again == nil {
		f.again = make(chan struct{}, 1)
	}
	states := make(chan pending)
	go f.poll(ctx, states)
	var last State
	var retry <-chan time.Time
	tick := time.NewTicker(Resync)
	defer tick.Stop()
	for {
		var tried chan struct{}
		select {
		case <-ctx.Done():
			return
		case p := <-states:
			last, tried = p.state, p.done
		case <-f.again:
		case <-retry:
		case <-tick.C:
		}
		retry = nil
		if last.Version != "" && !f.serve(ctx, last) {
			retry = time.After(RetryApply)
		}
		if tried != nil {
			close(tried)
		}
	}
}

// serve applies st to the local HAProxy and reports whether it worked.
func (f *Follower) serve(ctx context.Context, st State) bool {
	if err := f.Local.Serve(ctx, st); err != nil {
		f.Log.Error("applying the leader's state to the local haproxy; retrying", "version", st.Version, "err", err)
		f.update(func(s *Status) { s.ApplyError = err.Error() })
		return false
	}
	f.update(func(s *Status) {
		if s.Version != st.Version {
			f.Log.Info("serving the leader's state", "version", st.Version, "apps", len(st.Model.Apps), "certificates", len(st.Certificates))
		}
		s.Version, s.Applied, s.ApplyError = st.Version, time.Now(), ""
		s.Apps, s.Servers, s.Certificates = len(st.Model.Apps), servers(st), len(st.Certificates)
	})
	return true
}

// poll long-polls the leader and hands each new state to states, waiting
// until it was tried, so the next poll tells the leader what the local
// HAProxy serves.
func (f *Follower) poll(ctx context.Context, states chan<- pending) {
	version := ""
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		st, changed, err := f.Leader.Poll(ctx, version, f.Status().Version)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			f.update(func(s *Status) {
				if s.LeaderError == "" {
					f.Log.Warn("leader unreachable; the local haproxy keeps serving the last state", "version", s.Version, "err", err)
				}
				s.LeaderError = err.Error()
			})
			sleep(ctx, pause)
			pause = min(pause*2, MaxLeaderPause)
			continue
		}
		pause = 100 * time.Millisecond
		f.update(func(s *Status) {
			if s.LeaderError != "" {
				f.Log.Info("leader reachable again")
			}
			s.LeaderContact, s.LeaderError = time.Now(), ""
		})
		if !changed {
			continue
		}
		version = st.Version
		p := pending{state: st, done: make(chan struct{})}
		select {
		case states <- p:
		case <-ctx.Done():
			return
		}
		select {
		case <-p.done:
		case <-ctx.Done():
			return
		}
	}
}

func (f *Follower) update(change func(*Status)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.status)
}

func servers(st State) int {
	n := 0
	for _, a := range st.Model.Apps {
		n += len(a.Servers)
	}
	return n
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

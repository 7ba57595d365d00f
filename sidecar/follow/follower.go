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

// Poller fetches the leader's state (Client).
type Poller interface {
	Poll(ctx context.Context, version string) (State, bool, error)
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
	states := make(chan State)
	go f.poll(ctx, states)
	var last State
	var retry <-chan time.Time
	tick := time.NewTicker(Resync)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case last = <-states:
		case <-f.again:
		case <-retry:
		case <-tick.C:
		}
		if last.Version == "" {
			continue
		}
		retry = nil
		if err := f.Local.Serve(ctx, last); err != nil {
			f.Log.Error("applying the leader's state to the local haproxy; retrying", "version", last.Version, "err", err)
			f.update(func(s *Status) { s.ApplyError = err.Error() })
			retry = time.After(RetryApply)
			continue
		}
		f.update(func(s *Status) {
			if s.Version != last.Version {
				f.Log.Info("serving the leader's state", "version", last.Version, "apps", len(last.Model.Apps), "certificates", len(last.Certificates))
			}
			s.Version, s.Applied, s.ApplyError = last.Version, time.Now(), ""
			s.Apps, s.Servers, s.Certificates = len(last.Model.Apps), servers(last), len(last.Certificates)
		})
	}
}

// poll long-polls the leader and hands each new state to states.
func (f *Follower) poll(ctx context.Context, states chan<- State) {
	version := ""
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		st, changed, err := f.Leader.Poll(ctx, version)
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
		select {
		case states <- st:
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

package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/haloydev/haloy/sidecar/engine"
)

// DefaultSuperviseCheck is how often a supervised container's state is
// looked at when no event told it died (a lost event stream, a supervisor
// that started after the container died).
const DefaultSuperviseCheck = 5 * time.Second

// reviveRetry is when a failed inspect or start is tried again, up to
// reviveRetries times in a row (then at the next check): a start right
// after a death can fail while Docker still tears the old task down, and
// waiting for the next check would add seconds to the outage.
const (
	reviveRetry   = 200 * time.Millisecond
	reviveRetries = 10
)

// supervise brings the named container back when it dies: the sidecar
// supervises HAProxy and the guard, the guard supervises the sidecar.
// Docker's restart policy does not: `docker kill` marks a container as
// stopped by hand, so unless-stopped and always leave it down. On each die
// event, and every DefaultSuperviseCheck, it inspects the container and
// starts it if it exited non-zero or was OOM-killed (engine.NeedsStart);
// a graceful `docker stop` (exit 0) is left alone. started is called after
// each start: HAProxy reads the configuration file the sidecar keeps
// current, and a hint makes the loop apply anything runtime-only at once.
func supervise(ctx context.Context, eng *engine.Engine, name string, started func(), log *slog.Logger) {
	checks := make(chan struct{}, 1)
	check := func() {
		select {
		case checks <- struct{}{}:
		default:
		}
	}
	go watchDeaths(ctx, eng, name, check)
	tick := time.NewTicker(DefaultSuperviseCheck)
	defer tick.Stop()
	s := supervisor{eng: eng, name: name, onStart: started, log: log}
	for {
		var retry <-chan time.Time
		if s.revive(ctx) {
			s.failures = 0
		} else if s.failures++; s.failures <= reviveRetries {
			retry = time.After(reviveRetry)
		}
		select {
		case <-ctx.Done():
			return
		case <-checks:
		case <-tick.C:
		case <-retry:
		}
	}
}

// watchDeaths calls check on each death of the container, and after each
// reconnect of the event stream, since a death may have been missed.
func watchDeaths(ctx context.Context, eng *engine.Engine, name string, check func()) {
	for ctx.Err() == nil {
		eng.WatchDeaths(ctx, name, check)
		check()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// supervisor remembers what it last logged, so a state is logged once,
// and when it last started the container, to slow down a crash loop.
type supervisor struct {
	eng     *engine.Engine
	name    string
	onStart func()
	log     *slog.Logger
	logged  string
	started time.Time // last start by the supervisor
	quick   int       // deaths in a row within quickDeath of a start
	// failures counts failed inspects or starts in a row.
	failures int
}

// quickDeath is how soon after a start a death counts as a crash loop
// (a port taken, a broken image): a container that dies that fast three times
// in a row is started again only after a pause that doubles up to
// maxCrashPause.
const (
	quickDeath    = time.Second
	maxCrashPause = 30 * time.Second
)

// countQuick counts a start after HAProxy ran for ranFor since the last.
func (s *supervisor) countQuick(ranFor time.Duration) {
	if !s.started.IsZero() && ranFor < quickDeath {
		s.quick++
	} else {
		s.quick = 0
	}
}

// crashPause is how long to wait before the next start.
func (s *supervisor) crashPause() time.Duration {
	if s.quick < 3 {
		return 0
	}
	return min(100*time.Millisecond<<min(s.quick-3, 10), maxCrashPause)
}

// revive starts the container if it died; it reports false when
// inspecting or starting it failed, to be tried again soon.
func (s *supervisor) revive(ctx context.Context) bool {
	ranFor := time.Since(s.started)
	select {
	case <-ctx.Done():
		return true
	case <-time.After(s.crashPause()):
	}
	begin := time.Now()
	r, err := s.eng.Revive(ctx, s.name)
	switch {
	case err != nil:
		s.once("error", func() { s.log.Error("supervising a container", "container", s.name, "err", err) })
		return false
	case r.Start:
		s.log.Warn("container died; started it again", "container", s.name, "reason", r.Reason,
			"took", time.Since(begin).Round(time.Millisecond))
		s.countQuick(ranFor)
		s.logged, s.started = "", time.Now()
		s.onStart()
	case r.Reason != "":
		s.once(r.Reason, func() {
			s.log.Warn("container is stopped and left stopped; start it with: docker haloy init", "container", s.name, "reason", r.Reason)
		})
	default:
		s.logged = ""
	}
	return true
}

// once runs log unless the same key was logged last.
func (s *supervisor) once(key string, log func()) {
	if s.logged != key {
		s.logged = key
		log()
	}
}

// Guard runs the guard: a second, tiny process in its own container that
// only brings the sidecar back when it dies, since nothing else with
// Docker access would (see supervise). The sidecar supervises the guard
// in turn, so one of them killed is always brought back; both stopped or
// killed together is the whole installation stopped by hand.
func Guard(ctx context.Context, sidecar string, log *slog.Logger) error {
	docker, err := engine.Connect()
	if err != nil {
		return fmt.Errorf("connecting to docker: %w", err)
	}
	defer docker.Close()
	log.Info("guard started", "supervises", sidecar)
	supervise(ctx, engine.New(docker, DefaultNetwork), sidecar, func() {}, log)
	return nil
}

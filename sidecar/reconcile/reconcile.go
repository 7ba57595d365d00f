// Package reconcile is the sidecar's level-triggered loop. Events, probes
// and a periodic timer only say "look again": each pass lists every
// labelled container, builds the routing model from scratch, applies the
// difference and publishes what it observed (an observe.Snapshot) for the
// sidecar's other parts. Bursts of hints coalesce into one pass.
package reconcile

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/observe"
)

// Defaults for the loop's timing.
const (
	// DefaultResync is how often the loop relists even without hints.
	DefaultResync = 30 * time.Second
	// DefaultSettle is how long the loop waits after a hint for more to
	// arrive, so a burst of events costs one pass.
	DefaultSettle = 10 * time.Millisecond
	// PassTimeout bounds one pass, so a stuck engine or HAProxy socket
	// delays routing changes but never stops the loop.
	PassTimeout = 30 * time.Second
)

// Lister lists the labelled containers.
type Lister interface {
	List(ctx context.Context) ([]routing.Container, error)
}

// Marker fills in each container's Ready flag. Warm is called once, before
// the first pass, to learn which containers are ready already.
type Marker interface {
	Warm(ctx context.Context, cs []routing.Container)
	Mark(ctx context.Context, cs []routing.Container)
}

// Applier installs a routing model into HAProxy.
type Applier interface {
	Apply(ctx context.Context, m haproxy.Model) (apply.Outcome, error)
}

// Loop is the reconcile loop. Create it with New, start it with Run.
type Loop struct {
	lister  Lister
	marker  Marker
	applier Applier
	log     *slog.Logger
	hints   chan struct{}

	// Resync is the period of passes without hints (set before Run).
	Resync time.Duration
	// Settle is how long a hint waits for more hints (set before Run).
	Settle time.Duration
	// MaxSettle is what the settle time grows to during a burst (see
	// settleFor); not above Settle means it never grows (set before Run).
	MaxSettle time.Duration
	// Admit, when set, judges which containers may join the app they name
	// (see routing.Admissions); nil admits all (set before Run).
	Admit func(cs []routing.Container) (routing.Admissions, error)
	// Ownership, when set, keeps domain owners (set before Run).
	Ownership Ownership

	settle time.Duration // the current settle time; Run's goroutine only
	recent hintLog       // when the latest hints arrived
	// decoded keeps the containers' decoded labels from pass to pass.
	decoded routing.DecodeCache
	// tlsALPNRouted is whether the model HAProxy last took passes
	// TLS-ALPN-01 validation on (Run's goroutine only).
	tlsALPNRouted bool
	// feed publishes each pass's observation (see Observations).
	feed observe.Feed

	mu     sync.Mutex
	status Status
	logged map[string]bool // problems already logged
}

// New returns a loop over the given parts.
func New(l Lister, m Marker, a Applier, log *slog.Logger) *Loop {
	return &Loop{
		lister: l, marker: m, applier: a, log: log,
		Resync: DefaultResync, Settle: DefaultSettle, MaxSettle: DefaultMaxSettle,
		hints:  make(chan struct{}, 1),
		logged: map[string]bool{},
	}
}

// Observations is where each pass publishes what it observed and built,
// after applying it: the certificate loop, the status and the metrics
// read it there instead of listing and decoding the containers again.
func (l *Loop) Observations() *observe.Feed { return &l.feed }

// Hint asks for a pass soon. It never blocks; hints that arrive while one
// is pending merge into it.
func (l *Loop) Hint() {
	l.recent.add(time.Now())
	select {
	case l.hints <- struct{}{}:
	default:
	}
}

// Run makes passes until ctx ends: one at once, then one per hint (after
// the settle time) and one per resync period.
func (l *Loop) Run(ctx context.Context) {
	tick := time.NewTicker(l.Resync)
	defer tick.Stop()
	l.pass(ctx, true)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-l.hints:
			l.waitSettle(ctx)
		}
		l.pass(ctx, false)
	}
}

// waitSettle lets a burst of hints arrive, then drops them: the coming
// pass sees everything they announced.
func (l *Loop) waitSettle(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(l.settleFor(time.Now())):
	}
	select {
	case <-l.hints:
	default:
	}
}

package certs

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/sidecar/observe"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Defaults of the loop's timing.
const (
	// DefaultInterval is the longest time between two checks.
	DefaultInterval = time.Hour
	// DefaultSettle is how long the loop waits after an observation that
	// dropped or changed a target, so a deploy's burst of reconcile passes
	// costs one check. An observation with a target the last check did not
	// have (a new app, domain or alias) is checked at once, so a new
	// domain's order starts with the first pass that routes it.
	DefaultSettle = 2 * time.Second
	// DefaultAttemptTimeout bounds one domain's attempt at the CA.
	DefaultAttemptTimeout = 3 * time.Minute
	// minWait is the shortest time between two scheduled checks.
	minWait = 5 * time.Second
	// MaxParallel is how many domains are checked at the same time.
	MaxParallel = 4
)

// Issuer obtains and renews certificates (acme.Manager).
type Issuer interface {
	Ensure(ctx context.Context, req acme.Request) (acme.Result, error)
	Renew(ctx context.Context, req acme.Request) (acme.Result, error)
	Status() []certstatus.Domain
	// Current returns the stored certificate of domain (nil if none),
	// without contacting the CA.
	Current(domain string) *acme.Certificate
}

// Loop keeps a certificate for every routed domain. Create it with
// NewLoop, start it with Run.
type Loop struct {
	cfg      LoopConfig
	renewAll chan struct{}

	mu     sync.Mutex
	report certstatus.Report

	known      map[string]bool // the targets of the last check (Run's goroutine only)
	knownCount int             // how many targets the last check had
	reloads    int             // HAProxy reloads seen by the last check (Run's goroutine only)

	heldMu sync.Mutex
	held   map[string]string // domain -> the cap holding it back, as last logged
}

// LoopConfig is what a Loop works with.
type LoopConfig struct {
	// CA is where certificates come from; a disabled CA obtains none.
	CA CA
	// Issuer obtains certificates; nil when the CA is disabled or failed
	// to set up (SetupError says why).
	Issuer Issuer
	// SetupError is reported in the status when Issuer is nil.
	SetupError string
	// Observations is where the reconcile loop publishes each pass: the
	// routed domains with their owners' e-mails and challenges come from
	// its latest snapshot, and a TLS-ALPN-01 order waits until the snapshot
	// says HAProxy passes that validation to the sidecar (or the CA's
	// validation would fail, and back off for minutes, while the layout is
	// being applied). The loop never lists or decodes containers itself.
	Observations *observe.Feed
	// Installer puts certificates into HAProxy.
	Installer *Installer
	// Fallback is the self-signed bundle served without a certificate.
	Fallback []byte
	// RenewBefore is the Issuer's renewal margin without renewal
	// information (default acme.DefaultRenewBefore); it schedules checks.
	RenewBefore time.Duration
	// Interval, Settle and AttemptTimeout default to the Default*
	// constants.
	Interval, Settle, AttemptTimeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives what happened.
	Log *slog.Logger
}

// NewLoop returns a loop; zero durations take their defaults.
func NewLoop(cfg LoopConfig) *Loop {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.Interval, DefaultInterval)
	def(&cfg.Settle, DefaultSettle)
	def(&cfg.AttemptTimeout, DefaultAttemptTimeout)
	def(&cfg.RenewBefore, acme.DefaultRenewBefore)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Loop{
		cfg: cfg, renewAll: make(chan struct{}, 1),
		report: certstatus.Report{CA: cfg.CA.DirectoryURL, Error: cfg.SetupError, Domains: []certstatus.Domain{}},
	}
}

// RenewAll asks for a check that renews every certificate, due or not
// (still within each domain's backoff). It never blocks.
func (l *Loop) RenewAll() { signal(l.renewAll) }

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Status returns the report of the last check.
func (l *Loop) Status() certstatus.Report {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.report
	r.Domains = append([]certstatus.Domain(nil), r.Domains...)
	l.showPropagation(r.Domains)
	return r
}

// Run checks once the first observation arrives (before it no routed
// domain is known, and installing none would drop what HAProxy serves),
// then on observations that change the targets, when a certificate is
// due, and at least every Interval, until ctx ends.
func (l *Loop) Run(ctx context.Context) {
	wake := l.cfg.Observations.Subscribe()
	select {
	case <-ctx.Done():
		return
	case <-wake:
	}
	next := time.Now().Add(l.Check(ctx, false))
	for {
		timer := time.NewTimer(time.Until(next))
		force := false
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-wake:
			timer.Stop()
			if l.reloadedSinceCheck() {
				break // install again: the new HAProxy process may lack what went to the old one
			}
			switch l.compare() {
			case sameTargets:
				continue // a pass that changed nothing for certificates
			case changedTargets:
				l.settle(ctx, wake)
			}
		case <-l.renewAll:
			force = true
		}
		timer.Stop()
		next = time.Now().Add(l.Check(ctx, force))
	}
}

// reloadedSinceCheck reports whether the reconcile loop reloaded HAProxy
// since the last check (Run's goroutine only).
func (l *Loop) reloadedSinceCheck() bool {
	snap, ok := l.cfg.Observations.Latest()
	return ok && snap.Applied && snap.Reloads > l.reloads
}

// settle lets a burst of reconcile passes go by for Settle, ending at once
// when one routes a target the last check did not have.
func (l *Loop) settle(ctx context.Context, wake <-chan struct{}) {
	timer := time.NewTimer(l.cfg.Settle)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			return
		case <-wake:
			if l.compare() == newTargets {
				return
			}
		}
	}
}

// change is how the latest observation's targets differ from the last check's.
type change int

const (
	sameTargets    change = iota // nothing to do
	changedTargets               // some target went or changed
	newTargets                   // some target is new: check at once
)

// compare tells how the latest observation's targets differ from those
// of the last check (Run's goroutine only). A target whose order waited
// is not known, so it counts as new on every observation.
func (l *Loop) compare() change {
	snap, _ := l.cfg.Observations.Latest()
	ts := Targets(snap.Routing)
	for _, t := range ts {
		if !l.known[targetKey(t)] {
			return newTargets
		}
	}
	if len(ts) != l.knownCount {
		return changedTargets
	}
	return sameTargets
}

// targetKey identifies what a target asks of the CA.
func targetKey(t Target) string {
	return strings.Join(append([]string{t.App, t.Canonical, t.Email, t.Challenge, t.DNSProvider}, t.Aliases...), " ")
}

// Check takes the routed domains from the latest observation, ensures
// (or, with force, renews) each one's certificate, installs the results
// and records the report. It returns how long to wait before the next
// check. Before the first observation it does nothing (no domain is known
// yet) and asks to be called again soon.
func (l *Loop) Check(ctx context.Context, force bool) time.Duration {
	snap, ok := l.cfg.Observations.Latest()
	if !ok {
		return minWait
	}
	targets := Targets(snap.Routing)
	l.known, l.knownCount = map[string]bool{}, len(targets)
	if snap.Applied {
		l.reloads = snap.Reloads
	}
	for _, t := range targets {
		l.known[targetKey(t)] = true
	}
	pass := l.startPass(targets)
	pass.recordProgress(l)
	outcomes := l.ensureAll(ctx, targets, pass.renewalsFirst(), force, func(o outcome) { l.onOutcome(ctx, pass, o) })
	for _, o := range outcomes {
		if o.waiting != "" {
			delete(l.known, targetKey(o.target)) // the next observation checks it at once
		}
	}
	l.forgetHeldBack(targets)
	now := l.cfg.Now()
	domains := l.describe(outcomes, now)
	installErr := l.cfg.Installer.Install(ctx, l.cfg.Fallback, bundles(outcomes, now))
	if installErr != nil {
		l.cfg.Log.Error("installing certificates failed", "err", installErr)
	}
	l.record(domains, now, installErr)
	return nextCheck(outcomes, domains, now, l.cfg.RenewBefore, l.cfg.Interval)
}

// ensureAll checks the targets, up to MaxParallel at a time, so that a
// domain whose validation is slow or failing does not delay the others;
// they start in the given order (indexes into targets) and done is
// called with each outcome as soon as it is known.
func (l *Loop) ensureAll(ctx context.Context, targets []Target, order []int, force bool, done func(outcome)) []outcome {
	outcomes := make([]outcome, len(targets))
	slots := make(chan struct{}, MaxParallel)
	var wg sync.WaitGroup
	for _, i := range order {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			outcomes[i] = l.ensure(ctx, targets[i], force)
			done(outcomes[i])
		})
	}
	wg.Wait()
	return outcomes
}

// outcome is what one target's check gave.
type outcome struct {
	target Target
	skip   string
	cert   *acme.Certificate
	err    error
	// obtained is true when cert is new from the CA in this check.
	obtained bool
	// waiting says why no order was placed yet (cert is the stored one).
	waiting string
}

// tlsALPNWait is the status hint of a TLS-ALPN-01 order that waits for
// HAProxy's TLS-ALPN layout.
const tlsALPNWait = "waiting for HAProxy to pass TLS-ALPN-01 validation to the sidecar (its TLS-ALPN layout is being applied)"

// ensure obtains or checks t's certificate.
func (l *Loop) ensure(ctx context.Context, t Target, force bool) outcome {
	o := outcome{target: t, skip: skipReason(t, l.cfg.CA)}
	if o.skip != "" || l.cfg.Issuer == nil {
		return o
	}
	if t.Challenge == labels.ChallengeTLSALPN01 && !l.tlsALPNRouted() {
		o.cert, o.waiting = l.cfg.Issuer.Current(t.Canonical), tlsALPNWait
		return o
	}
	req := acme.Request{App: t.App, Canonical: t.Canonical, Aliases: requestAliases(t, l.cfg.CA), Email: t.Email, Challenge: t.Challenge, DNSProvider: t.DNSProvider}
	ctx, cancel := context.WithTimeout(ctx, l.cfg.AttemptTimeout)
	defer cancel()
	start := time.Now()
	var res acme.Result
	if force {
		res, o.err = l.cfg.Issuer.Renew(ctx, req)
	} else {
		res, o.err = l.cfg.Issuer.Ensure(ctx, req)
	}
	o.cert, o.obtained = res.Certificate, res.Obtained
	l.logHeldBack(t, o.err)
	if res.Obtained {
		l.cfg.Log.Info("certificate obtained", "domain", t.Canonical, "names", res.Certificate.Names(),
			"notAfter", res.Certificate.NotAfter(), "took", time.Since(start).Round(time.Millisecond))
	}
	return o
}

// tlsALPNRouted reports whether, as last observed, HAProxy passes
// TLS-ALPN-01 validation on to the sidecar.
func (l *Loop) tlsALPNRouted() bool {
	snap, _ := l.cfg.Observations.Latest()
	return snap.TLSALPNRouted
}

// bundles are the certificates to serve: every target's current one. An
// expired certificate is still served (nothing better exists) but its
// hosts are no longer redirected to HTTPS.
func bundles(outcomes []outcome, now time.Time) []Bundle {
	var out []Bundle
	for _, o := range outcomes {
		if o.cert == nil {
			continue
		}
		b := Bundle{Domain: o.target.Canonical, PEM: o.cert.Bundle}
		if now.Before(o.cert.NotAfter()) {
			b.Hosts = o.cert.Names()
		}
		out = append(out, b)
	}
	return out
}

// record stores the report of a check.
func (l *Loop) record(domains []certstatus.Domain, now time.Time, installErr error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.report.Domains, l.report.LastCheck = domains, now
	l.report.Error = l.cfg.SetupError
	if installErr != nil {
		l.report.Error = "installing certificates into haproxy: " + installErr.Error()
	}
}

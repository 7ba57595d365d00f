package certs

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Defaults of the loop's timing.
const (
	// DefaultInterval is the longest time between two checks.
	DefaultInterval = time.Hour
	// DefaultSettle is how long a hint waits for more, so a deploy's burst
	// of container events costs one check.
	DefaultSettle = 2 * time.Second
	// DefaultPeek is how soon after a hint the loop lists the containers to
	// see whether they route a certificate target the last check did not
	// have (a new app, domain or alias): then it checks at once instead of
	// after Settle, so a new domain's order starts a quarter second after
	// its container's creation.
	DefaultPeek = 250 * time.Millisecond
	// DefaultAttemptTimeout bounds one domain's attempt at the CA.
	DefaultAttemptTimeout = 3 * time.Minute
	// minWait is the shortest time between two scheduled checks.
	minWait = 5 * time.Second
	// listRetry is the wait after the containers could not be listed.
	listRetry = time.Minute
	// MaxParallel is how many domains are checked at the same time.
	MaxParallel = 4
)

// Issuer obtains and renews certificates (acme.Manager).
type Issuer interface {
	Ensure(ctx context.Context, req acme.Request) (acme.Result, error)
	Renew(ctx context.Context, req acme.Request) (acme.Result, error)
	Status() []acme.CertStatus
	// Current returns the stored certificate of domain (nil if none),
	// without contacting the CA.
	Current(domain string) *acme.Certificate
}

// Lister lists the labelled containers (the sidecar's engine).
type Lister interface {
	List(ctx context.Context) ([]routing.Container, error)
}

// Loop keeps a certificate for every routed domain. Create it with
// NewLoop, start it with Run.
type Loop struct {
	cfg      LoopConfig
	hints    chan struct{}
	renewAll chan struct{}

	// decoded keeps the containers' decoded labels from check to check.
	decoded routing.DecodeCache

	mu     sync.Mutex
	report certstatus.Report

	known map[string]bool // the targets of the last check (Run's goroutine only)

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
	// Lister lists the labelled containers.
	Lister Lister
	// Owners, when set, returns the current domain owners: certificates
	// are ordered for a domain's owner only, as the routing loop routes it.
	Owners func() routing.Owners
	// TLSALPNRouted, when set, reports whether the configuration HAProxy
	// runs passes TLS-ALPN-01 validation (acme-tls/1) to the sidecar: a
	// TLS-ALPN-01 order waits until it does, or the CA's validation would
	// fail (and back off for minutes) while the layout is being applied.
	TLSALPNRouted func() bool
	// Installer puts certificates into HAProxy.
	Installer *Installer
	// Fallback is the self-signed bundle served without a certificate.
	Fallback []byte
	// RenewBefore is the Issuer's renewal margin without renewal
	// information (default acme.DefaultRenewBefore); it schedules checks.
	RenewBefore time.Duration
	// Interval, Settle, Peek and AttemptTimeout default to the Default*
	// constants.
	Interval, Settle, Peek, AttemptTimeout time.Duration
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
	def(&cfg.Peek, min(DefaultPeek, cfg.Settle))
	def(&cfg.AttemptTimeout, DefaultAttemptTimeout)
	def(&cfg.RenewBefore, acme.DefaultRenewBefore)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Loop{
		cfg: cfg, hints: make(chan struct{}, 1), renewAll: make(chan struct{}, 1),
		report: certstatus.Report{CA: cfg.CA.DirectoryURL, Error: cfg.SetupError, Domains: []certstatus.Domain{}},
	}
}

// Hint asks for a check soon (routes may have changed). It never blocks.
func (l *Loop) Hint() { signal(l.hints) }

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

// Run checks at once, then after each hint, when a certificate is due,
// and at least every Interval, until ctx ends.
func (l *Loop) Run(ctx context.Context) {
	wait := l.Check(ctx, false)
	for {
		timer := time.NewTimer(wait)
		force := false
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-l.hints:
			l.settle(ctx)
		case <-l.renewAll:
			force = true
		}
		timer.Stop()
		wait = l.Check(ctx, force)
	}
}

// settle lets a burst of hints arrive for Settle, then drops them. Peek
// after the first hint and after each later one, it lists the containers
// and ends the wait at once if they route a target the last check did not
// have.
func (l *Loop) settle(ctx context.Context) {
	defer func() {
		select {
		case <-l.hints:
		default:
		}
	}()
	deadline := time.Now().Add(l.cfg.Settle)
	for {
		if !sleep(ctx, min(l.cfg.Peek, time.Until(deadline))) || time.Until(deadline) <= 0 || l.newTarget(ctx) {
			return
		}
		timer := time.NewTimer(time.Until(deadline))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
			return
		case <-l.hints:
			timer.Stop()
		}
	}
}

// newTarget tells whether the containers route a target the last check
// did not have (false when they cannot be listed: the check will say why).
func (l *Loop) newTarget(ctx context.Context) bool {
	cs, err := l.cfg.Lister.List(ctx)
	if err != nil {
		return false
	}
	for _, t := range Targets(cs, l.owners(), &l.decoded) {
		if !l.known[targetKey(t)] {
			return true
		}
	}
	return false
}

// owners is the domain owners table, or nil when the loop has none.
func (l *Loop) owners() routing.Owners {
	if l.cfg.Owners == nil {
		return nil
	}
	return l.cfg.Owners()
}

// targetKey identifies what a target asks of the CA.
func targetKey(t Target) string {
	return strings.Join(append([]string{t.App, t.Canonical, t.Email, t.Challenge, t.DNSProvider}, t.Aliases...), " ")
}

// sleep waits for d, or until ctx ends (then it returns false).
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// Check lists the routed domains, ensures (or, with force, renews) each
// one's certificate, installs the results and records the report. It
// returns how long to wait before the next check.
func (l *Loop) Check(ctx context.Context, force bool) time.Duration {
	cs, err := l.cfg.Lister.List(ctx)
	if err != nil {
		l.cfg.Log.Error("listing containers for certificates failed", "err", err)
		return listRetry
	}
	targets := Targets(cs, l.owners(), &l.decoded)
	l.known = map[string]bool{}
	for _, t := range targets {
		l.known[targetKey(t)] = true
	}
	pass := l.startPass(targets)
	pass.recordProgress(l)
	outcomes := l.ensureAll(ctx, targets, pass.renewalsFirst(), force, func(o outcome) { l.onOutcome(ctx, pass, o) })
	for _, o := range outcomes {
		if o.waiting != "" {
			delete(l.known, targetKey(o.target)) // the next hint's peek checks it at once
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
	if t.Challenge == labels.ChallengeTLSALPN01 && l.cfg.TLSALPNRouted != nil && !l.cfg.TLSALPNRouted() {
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

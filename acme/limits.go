package acme

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Defaults of Limits: what the routed apps together, and each app alone,
// may make the CA do. Let's Encrypt allows 300 new orders per account and
// 10 account registrations per IP address in 3 hours; these stay well
// under that, so that one app cannot use up the host's budget.
const (
	// DefaultNewOrdersPerHour caps first certificates (and changes of a
	// certificate's names) per hour, sidecar-wide.
	DefaultNewOrdersPerHour = 50
	// DefaultNewOrdersPerAppPerHour caps them per app.
	DefaultNewOrdersPerAppPerHour = 10
	// DefaultRegistrationsPerHour caps ACME account registrations per
	// hour, sidecar-wide.
	DefaultRegistrationsPerHour = 5
	// DefaultRegistrationsPerAppPerHour caps them per app.
	DefaultRegistrationsPerAppPerHour = 2
	// DefaultMaxAccounts caps the distinct ACME accounts of apps' own
	// e-mails at one CA (the sidecar's default account is not counted).
	DefaultMaxAccounts = 20
	// limitWindow is the window the per-hour caps count in.
	limitWindow = time.Hour
)

// ErrHeldBack marks an attempt a cap of Limits holds back (see HeldBackError).
var ErrHeldBack = errors.New("held back")

// Limits caps what labels can make the CA do. Renewals of a certificate
// for the same names are never capped, so new domains cannot starve them.
// Zero fields take the Default* constants; a negative field turns its cap off.
type Limits struct {
	// NewOrdersPerHour and NewOrdersPerAppPerHour cap orders of domains
	// without a certificate for their names.
	NewOrdersPerHour, NewOrdersPerAppPerHour int
	// RegistrationsPerHour and RegistrationsPerAppPerHour cap new account
	// registrations.
	RegistrationsPerHour, RegistrationsPerAppPerHour int
	// MaxAccounts caps the distinct registered accounts of apps' own
	// e-mails at the CA.
	MaxAccounts int
}

// normalize fills in the defaults.
func (l *Limits) normalize() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.NewOrdersPerHour, DefaultNewOrdersPerHour)
	def(&l.NewOrdersPerAppPerHour, DefaultNewOrdersPerAppPerHour)
	def(&l.RegistrationsPerHour, DefaultRegistrationsPerHour)
	def(&l.RegistrationsPerAppPerHour, DefaultRegistrationsPerAppPerHour)
	def(&l.MaxAccounts, DefaultMaxAccounts)
}

// HeldBackError says that a cap held an attempt back, and until when.
type HeldBackError struct {
	// Cap names the cap: "new-order" or "account-registration" (per
	// hour) or "account" (distinct accounts).
	Cap string
	// Limit is the cap's value.
	Limit int
	// App is the app the cap counts for ("" for the sidecar-wide cap).
	App string
	// Until is when the cap allows the next attempt (zero for the
	// account cap, which frees up only when accounts are removed).
	Until time.Time
	// Fix says what to do about it.
	Fix string
}

// Error implements error: Reason and Fix.
func (e *HeldBackError) Error() string { return e.Reason() + "; " + e.Fix }

// Reason says which cap holds the attempt back, and until when.
func (e *HeldBackError) Reason() string {
	scope := "sidecar-wide"
	if e.App != "" {
		scope = "for app " + e.App
	}
	when := ""
	if !e.Until.IsZero() {
		when = ", next attempt at " + e.Until.UTC().Format(time.RFC3339)
	}
	per := " per hour"
	if e.Cap == "account" {
		per = ""
	}
	return fmt.Sprintf("held back: %s cap of %d%s reached %s%s", e.Cap, e.Limit, per, scope, when)
}

// Is makes errors.Is(err, ErrHeldBack) true.
func (e *HeldBackError) Is(target error) bool { return target == ErrHeldBack }

// limiter counts attempts in a sliding hour, sidecar-wide and per app.
// It is safe for concurrent use; counts are kept in memory only.
type limiter struct {
	mu     sync.Mutex
	events map[limitKey][]time.Time
}

// limitKey is one counter: a cap and an app ("" sidecar-wide).
type limitKey struct{ cap, app string }

// take records an attempt of cap for app at now, unless the sidecar-wide
// (global) or the per-app limit is reached in the last hour: then it
// records nothing and says which, and when a slot frees up.
func (l *limiter) take(cap, app string, global, perApp int, now time.Time, fix string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.events == nil {
		l.events = map[limitKey][]time.Time{}
	}
	all, mine := limitKey{cap, ""}, limitKey{cap, "app:" + app}
	if err := l.full(all, global, now, "", cap, fix); err != nil {
		return err
	}
	if app == "" {
		perApp = 0 // a request of no app counts only sidecar-wide
	}
	if err := l.full(mine, perApp, now, app, cap, fix); err != nil {
		return err
	}
	l.events[all] = append(l.events[all], now)
	l.events[mine] = append(l.events[mine], now)
	return nil
}

// full drops key's events older than the window and returns a
// HeldBackError when limit (> 0) of them remain.
func (l *limiter) full(key limitKey, limit int, now time.Time, app, cap, fix string) error {
	ev := slices.DeleteFunc(l.events[key], func(t time.Time) bool { return !now.Before(t.Add(limitWindow)) })
	l.events[key] = ev
	if limit <= 0 || len(ev) < limit {
		return nil
	}
	return &HeldBackError{Cap: cap, Limit: limit, App: app, Until: ev[0].Add(limitWindow), Fix: fix}
}

// Caps of HeldBackError.
const (
	capNewOrder     = "new-order"
	capRegistration = "account-registration"
	capAccounts     = "account"
)

// takeOrder counts req's order unless it is a renewal (renewals are
// never held back); it fails with a HeldBackError when a new-order cap
// is reached.
func (m *Manager) takeOrder(req Request) error {
	if req.renewal {
		return nil
	}
	l := m.cfg.Limits
	return m.limits.take(capNewOrder, req.App, l.NewOrdersPerHour, l.NewOrdersPerAppPerHour, m.cfg.Now(),
		"the domain is ordered once the hour's budget allows; route fewer new domains at once (dev.haloy.domain), or raise the sidecar's --acme-new-orders-per-hour / --acme-new-orders-per-app-per-hour")
}

// takeRegistration counts a registration of acct for req's app, failing
// with a HeldBackError when the account cap or a registration cap is
// reached. A renewal's registration is not held back by the per-hour
// caps: a certificate's account is registered again after a CA reset, or
// once in the app's own folder after an upgrade from shared accounts.
func (m *Manager) takeRegistration(req Request, acct *account) error {
	l := m.cfg.Limits
	fix := "remove dev.haloy.acme.email to use the sidecar's account, or keep the app's e-mail unchanged; or raise the sidecar's --acme-registrations-per-hour / --acme-registrations-per-app-per-hour"
	known, n, err := m.cfg.Store.registeredAccounts(m.cfg.DirectoryURL, acct)
	if err != nil {
		return err
	}
	if acct.owner != "" && !known && l.MaxAccounts > 0 && n >= l.MaxAccounts {
		return &HeldBackError{Cap: capAccounts, Limit: l.MaxAccounts, App: "", Fix: "remove dev.haloy.acme.email to use the sidecar's account, or raise the sidecar's --acme-max-accounts"}
	}
	if req.renewal {
		return nil
	}
	return m.limits.take(capRegistration, req.App, l.RegistrationsPerHour, l.RegistrationsPerAppPerHour, m.cfg.Now(), fix)
}

package reconcile

import "time"

// DefaultMaxSettle is what the settle time grows to while hints keep
// arriving right after passes: a 20-container stack coming up over a few
// seconds costs a handful of passes, not forty.
const DefaultMaxSettle = time.Second

// settleGrowth is the factor the settle time grows by per busy pass.
const settleGrowth = 4

// settleFor returns how long a hint arriving at now waits for more. After
// a quiet spell (no pass for MaxSettle) it is Settle, so a lone change is
// routed at once; each hint that follows a pass sooner multiplies it by
// settleGrowth, up to MaxSettle.
func (l *Loop) settleFor(now time.Time) time.Duration {
	if l.MaxSettle <= l.Settle || now.Sub(l.lastPass) > l.MaxSettle {
		l.settle = l.Settle
	} else {
		l.settle = min(max(l.settle*settleGrowth, l.Settle), l.MaxSettle)
	}
	return l.settle
}

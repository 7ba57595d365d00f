package certs

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// TestObservationWithNewTargetChecksAtOnce checks that a reconcile pass
// routing a new domain is checked at once, one that changes nothing for
// certificates is not checked at all, and one that only drops a domain
// waits for Settle, as a burst of a deploy's passes should.
func TestObservationWithNewTargetChecksAtOnce(t *testing.T) {
	shop := app("shop", labels.Domain{Canonical: "shop.example.com"})
	old := app("old", labels.Domain{Canonical: "old.example.com"})
	tl := newTestLoop(t, shop, old)
	tl.cfg.Settle = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }() // before the temporary folder goes
	requested := func() []string {
		tl.issuer.mu.Lock()
		defer tl.issuer.mu.Unlock()
		var out []string
		for _, r := range tl.issuer.requests {
			out = append(out, r.Canonical)
		}
		return out
	}
	waitFor(t, func() bool { return len(requested()) == 2 })

	tl.obs.again() // nothing new: no check
	time.Sleep(200 * time.Millisecond)
	if got := requested(); len(got) != 2 {
		t.Fatalf("a pass with the same targets caused a check: requests %v", got)
	}
	tl.obs.set(shop) // old.example.com goes: waits for Settle (a minute)
	time.Sleep(200 * time.Millisecond)
	if got := requested(); len(got) != 2 {
		t.Fatalf("a pass that only dropped a domain checked before Settle: requests %v", got)
	}

	tl.obs.add(app("blog", labels.Domain{Canonical: "blog.example.com"}))
	waitFor(t, func() bool { return slices.Contains(requested(), "blog.example.com") })
	waitFor(t, func() bool { return tl.runtime.served("blog.example.com") })
	if tl.runtime.served("old.example.com") {
		t.Error("the check after the new domain still serves the dropped old.example.com")
	}
}

package certs

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// TestHintWithNewTargetSkipsSettle checks that a hint checks at once
// (after Peek) when the containers route a new domain, while a hint with
// nothing new waits for Settle, as a burst of a deploy's events should.
func TestHintWithNewTargetSkipsSettle(t *testing.T) {
	tl := newTestLoop(t, app("shop", labels.Domain{Canonical: "shop.example.com"}))
	tl.cfg.Settle, tl.cfg.Peek = time.Minute, 10*time.Millisecond
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
	waitFor(t, func() bool { return len(requested()) == 1 })

	tl.Hint() // nothing new: waits for Settle (a minute)
	time.Sleep(300 * time.Millisecond)
	if got := requested(); len(got) != 1 {
		t.Fatalf("a hint with no new target checked before Settle: requests %v", got)
	}

	tl.lister.add(app("blog", labels.Domain{Canonical: "blog.example.com"}))
	tl.Hint()
	waitFor(t, func() bool { return slices.Contains(requested(), "blog.example.com") })
}

package certs

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire/certstatus"
)

func TestHeldBackDomainIsReportedAndLoggedOnce(t *testing.T) {
	tl := newTestLoop(t,
		app("squat", labels.Domain{Canonical: "squat.example.com"}),
		app("shop", labels.Domain{Canonical: "shop.example.com"}))
	var logs bytes.Buffer
	tl.cfg.Log = slog.New(slog.NewTextHandler(&logs, nil))
	until := tl.now.Add(40 * time.Minute)
	tl.issuer.held["squat.example.com"] = &acme.HeldBackError{Cap: "new-order", Limit: 10, App: "squat", Until: until, Fix: "route fewer new domains"}

	wait := tl.Check(context.Background(), false)
	tl.Check(context.Background(), false)
	var squat, shop certstatus.Domain
	for _, d := range tl.Status().Domains {
		switch d.Domain {
		case "squat.example.com":
			squat = d
		case "shop.example.com":
			shop = d
		}
	}
	if squat.State != certstatus.HeldBack || !squat.NextAttempt.Equal(until) || squat.Hint != "route fewer new domains" ||
		!strings.Contains(squat.LastError, "held back: new-order cap of 10 per hour reached for app squat, next attempt at") {
		t.Errorf("squat: %+v, want held back until %s with the cap and the fix", squat, until)
	}
	if shop.State != certstatus.Valid {
		t.Errorf("shop: %+v, want valid", shop)
	}
	if wait != 40*time.Minute {
		t.Errorf("next check in %s, want 40m (when the cap allows the order)", wait)
	}
	if n := strings.Count(logs.String(), "msg=\"certificate order held back\""); n != 1 {
		t.Errorf("held back logged %d times over two checks, want once:\n%s", n, logs.String())
	}
}

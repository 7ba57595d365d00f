package acme

import (
	"testing"
	"time"
)

func TestRenewalReason(t *testing.T) {
	const dirURL = "https://ca.example/dir"
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiry := issued.Add(90 * 24 * time.Hour)
	names := []string{"app.example.com", "www.app.example.com"}
	cert := testCert(t, names, issued, expiry)
	short := testCert(t, names, issued, issued.Add(6*24*time.Hour))
	ari := Metadata{NotAfter: expiry, DirectoryURL: dirURL, RenewAt: expiry.Add(-20 * 24 * time.Hour)}
	staleARI := ari
	staleARI.NotAfter = expiry.Add(-time.Hour) // belongs to an older certificate
	day := 24 * time.Hour
	tests := []struct {
		name   string
		cert   *Certificate
		meta   Metadata
		names  []string
		now    time.Time
		reason string
	}{
		{"no certificate", nil, Metadata{}, names, issued, "no certificate yet"},
		{"fresh", cert, Metadata{}, names, issued.Add(day), ""},
		{"names in other order", cert, Metadata{}, []string{"www.app.example.com", "app.example.com"}, issued.Add(day), ""},
		{"alias added", cert, Metadata{}, append(names, "new.example.com"), issued.Add(day), "names changed"},
		{"alias removed", cert, Metadata{}, names[:1], issued.Add(day), "names changed"},
		{"other CA", cert, Metadata{DirectoryURL: "https://staging.example/dir"}, names, issued.Add(day), "CA changed"},
		{"before margin", cert, Metadata{}, names, expiry.Add(-31 * day), ""},
		{"inside margin", cert, Metadata{}, names, expiry.Add(-29 * day), "expires in 696h0m0s"},
		{"expired", cert, ari, names, expiry, "certificate expired"},
		{"short-lived, margin is a third", short, Metadata{}, names, issued.Add(3 * day), ""},
		{"short-lived, last third", short, Metadata{}, names, issued.Add(4*day + time.Hour), "expires in 47h0m0s"},
		{"ARI before window", cert, ari, names, expiry.Add(-25 * day), ""},
		{"ARI later than margin", cert, ari, names, expiry.Add(-21 * day), ""},
		{"ARI reached", cert, ari, names, expiry.Add(-20 * day), "renewal window reached"},
		{"stale ARI ignored", cert, staleARI, names, expiry.Add(-25 * day), "expires in 600h0m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renewalReason(renewalCheck{cert: tt.cert, meta: tt.meta, names: tt.names,
				directoryURL: dirURL, now: tt.now, renewBefore: DefaultRenewBefore})
			if got != tt.reason {
				t.Fatalf("reason = %q, want %q", got, tt.reason)
			}
		})
	}
}

func TestChooseRenewAt(t *testing.T) {
	w := Window{Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	w.End = w.Start.Add(48 * time.Hour)
	seen := map[bool]bool{}
	for range 200 {
		at := chooseRenewAt(w)
		if at.Before(w.Start) || !at.Before(w.End) {
			t.Fatalf("%s is outside [%s, %s)", at, w.Start, w.End)
		}
		seen[at.Before(w.Start.Add(24*time.Hour))] = true
	}
	if len(seen) != 2 {
		t.Error("200 choices all fell in one half of the window")
	}
	if at := chooseRenewAt(Window{Start: w.Start, End: w.Start}); !at.Equal(w.Start) {
		t.Errorf("empty window: %s, want its start", at)
	}
}

func TestWithRenewalWindowKeepsChoice(t *testing.T) {
	w := Window{Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	w.End = w.Start.Add(48 * time.Hour)
	next := w.Start.Add(-time.Hour)
	m := withRenewalWindow(Metadata{}, w, next)
	first := m.RenewAt
	for range 20 {
		m = withRenewalWindow(m, w, next)
		if !m.RenewAt.Equal(first) {
			t.Fatal("the renewal moment changed although the window did not")
		}
	}
	moved := Window{Start: w.Start.Add(-240 * time.Hour), End: w.Start.Add(-239 * time.Hour)}
	m = withRenewalWindow(m, moved, next)
	if m.RenewAt.Before(moved.Start) || !m.RenewAt.Before(moved.End) || !m.RenewalInfoAfter.Equal(next) {
		t.Fatalf("after the window moved: RenewAt %s, RenewalInfoAfter %s", m.RenewAt, m.RenewalInfoAfter)
	}
}

func TestRenewalInfoPoll(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		0: 6 * time.Hour, time.Minute: time.Hour, 6 * time.Hour: 6 * time.Hour, 72 * time.Hour: 24 * time.Hour,
	} {
		if got := renewalInfoPoll(in); got != want {
			t.Errorf("renewalInfoPoll(%s) = %s, want %s", in, got, want)
		}
	}
}

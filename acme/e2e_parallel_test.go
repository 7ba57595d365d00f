package acme

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestE2EPebbleParallelNames obtains a certificate for a domain and two
// aliases and checks that their challenges were presented at the same
// time: lego's own resolver presents each name only after the one before
// it was validated and cleaned up, so never more than one is pending.
func TestE2EPebbleParallelNames(t *testing.T) {
	needPebble(t)
	req := Request{Canonical: "par.haloy.test", Aliases: []string{"www.par.haloy.test", "api.par.haloy.test"}}
	for _, h := range append([]string{req.Canonical}, req.Aliases...) {
		if err := pebble.addA(h, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	store := &Store{Dir: filepath.Join(t.TempDir(), "certs")}
	m, _ := newPebbleManager(t, store, &fakeClock{t: time.Now()})

	var peak atomic.Int64
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			if n := int64(pebble.Provider.Pending()); n > peak.Load() {
				peak.Store(n)
			}
		}
	}()
	res := ensureObtained(t, m, req, "issuance of three names")
	close(done)
	<-watched
	checkChain(t, res, req)
	if got := peak.Load(); got != 3 {
		t.Errorf("at most %d challenges were pending at once, want all 3 presented together", got)
	}
}

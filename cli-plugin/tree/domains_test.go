package tree

import (
	"bytes"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/ownership"
)

func TestPrintDomains(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	printDomains(&b, []ownership.Listed{
		{Domain: "a.test", Owner: "a", Since: t0, State: ownership.StateServing},
		{Domain: "b.test", Owner: "b", Since: t0, State: ownership.StateOwnerGone, FreeAt: t0.Add(7 * 24 * time.Hour)},
	})
	want := "DOMAIN  OWNER  SINCE                 STATE\n" +
		"a.test  a      2026-01-01T00:00:00Z  serving\n" +
		"b.test  b      2026-01-01T00:00:00Z  owner gone, free at 2026-01-08T00:00:00Z\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

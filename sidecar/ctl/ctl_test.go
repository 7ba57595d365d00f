package ctl

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/wire"
)

// TestStatusIsTheTypedDaemonStatusWithoutNulls: the control socket sends
// the daemon's status as wire.DaemonStatus, every empty list as [] (the
// status before the first pass has none of them set), durations as
// duration strings.
func TestStatusIsTheTypedDaemonStatusWithoutNulls(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "sidecar.sock")
	o, err := Own(socket)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Release()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Serve(ctx, o, socket, Handlers{Status: func() wire.DaemonStatus {
		return wire.DaemonStatus{Status: wire.Status{LastPassDuration: wire.Duration(1500 * time.Microsecond)}}
	}})
	waitAnswers(t, socket)
	var out bytes.Buffer
	if err := Get(ctx, socket, StatusPath, &out); err != nil {
		t.Fatal(err)
	}
	for _, bad := range jsonout.Check(out.Bytes()) {
		t.Errorf("%s in %s", bad, out.String())
	}
	var got wire.DaemonStatus
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || time.Duration(got.LastPassDuration) != 1500*time.Microsecond {
		t.Errorf("status %s decodes to %+v (%v), want the last pass's 1.5ms back", out.String(), got, err)
	}
}

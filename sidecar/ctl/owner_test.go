package ctl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/wire"
)

func TestSecondOwnerIsRefusedAndSocketSurvives(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "run", "sidecar.sock")
	first, err := Own(socket)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Serve(ctx, first, socket, Handlers{Status: func() wire.DaemonStatus { return wire.DaemonStatus{Status: wire.Status{Passes: 1}} }})
	waitAnswers(t, socket)

	if _, err := Own(socket); !errors.Is(err, ErrDaemonRunning) {
		t.Fatalf("second Own: %v, want ErrDaemonRunning", err)
	}
	var out bytes.Buffer
	if err := Get(ctx, socket, StatusPath, &out); err != nil {
		t.Fatalf("status after a refused second daemon: %v", err)
	}
	var got wire.DaemonStatus
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Passes != 1 {
		t.Fatalf("status = %q (%v), want the daemon status with passes 1", out.String(), err)
	}
	first.Release()
	// The lock is free but the first daemon still answers: still refused.
	if _, err := Own(socket); !errors.Is(err, ErrDaemonRunning) {
		t.Fatalf("Own beside a live socket: %v, want ErrDaemonRunning", err)
	}
}

func TestOwnTakesOverAStaleSocket(t *testing.T) {
	dir := t.TempDir()
	socket := filepath.Join(dir, "sidecar.sock")
	if err := os.WriteFile(socket, nil, 0o600); err != nil { // left by a dead daemon
		t.Fatal(err)
	}
	o, err := Own(socket)
	if err != nil {
		t.Fatalf("Own over a stale socket: %v", err)
	}
	defer o.Release()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Serve(ctx, o, socket, Handlers{Status: func() wire.DaemonStatus { return wire.DaemonStatus{} }})
	waitAnswers(t, socket)
}

func TestServeRefusesWithoutOwner(t *testing.T) {
	if err := Serve(context.Background(), nil, filepath.Join(t.TempDir(), "s.sock"), Handlers{}); err == nil {
		t.Fatal("Serve without an owner: no error")
	}
}

func waitAnswers(t *testing.T, socket string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if answers(socket) {
			return
		}
	}
	t.Fatalf("%s never answered", socket)
}

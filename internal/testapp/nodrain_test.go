package main

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestServeNoDrainDropsInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error, 1)
	a := &app{version: "v1", host: "h"}
	go func() { done <- serve(ctx, ln, a.handler(), log.New(io.Discard, "", 0), 0) }()
	failed := make(chan bool, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow?d=2s")
		if err == nil {
			resp.Body.Close()
		}
		failed <- err != nil
	}()
	time.Sleep(150 * time.Millisecond) // the request is in flight
	start := time.Now()
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve without grace: %v", err)
	}
	if !<-failed {
		t.Error("the in-flight request finished; without drain it must be cut off")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopping took %s, want at once", d)
	}
}

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

// startServe runs serve on a loopback listener and returns its address, a
// stop function and the channel serve's result arrives on.
func startServe(t *testing.T, a *app) (string, context.CancelFunc, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, a.handler(), log.New(io.Discard, "", 0), shutdownGrace) }()
	return ln.Addr().String(), cancel, done
}

func TestServeFinishesInFlightRequests(t *testing.T) {
	addr, stop, done := startServe(t, &app{version: "v1", host: "h"})
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow?d=400ms")
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(150 * time.Millisecond) // the request is in flight
	stop()
	time.Sleep(50 * time.Millisecond) // shutdown has closed the listener
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Error("new connection accepted after stop")
	}
	if status := <-answered; status != 200 {
		t.Errorf("in-flight request got status %d, want 200", status)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after the in-flight request finished")
	}
}

func TestListenAndServeStartDelay(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := options{listen: addr, startDelay: 300 * time.Millisecond}
	go listenAndServe(ctx, o, &app{version: "v1"}, log.New(io.Discard, "", 0))
	time.Sleep(100 * time.Millisecond)
	if err := probe("http://" + addr + "/healthz"); err == nil {
		t.Fatal("healthy before the start delay passed")
	}
	deadline := time.Now().Add(3 * time.Second)
	for probe("http://"+addr+"/healthz") != nil {
		if time.Now().After(deadline) {
			t.Fatal("not healthy 3s after a 300ms start delay")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

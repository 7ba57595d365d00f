package main

import (
	"net"
	"net/url"
	"testing"
)

func TestProbe(t *testing.T) {
	healthy := newTestServer(t, &app{version: "v1"})
	unhealthy := newTestServer(t, &app{version: "v1", unhealthy: true})
	if err := probe(healthy.URL + "/healthz"); err != nil {
		t.Errorf("healthy: %v", err)
	}
	if err := probe(unhealthy.URL + "/healthz"); err == nil {
		t.Error("unhealthy: got nil error")
	}
	if err := probe("http://127.0.0.1:1/healthz"); err == nil {
		t.Error("nothing listening: got nil error")
	}
}

func TestHealthURLReachesLocalServer(t *testing.T) {
	srv := newTestServer(t, &app{version: "v1"})
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(u.Host)
	if got, want := healthURL(port), srv.URL+"/healthz"; got != want {
		t.Errorf("healthURL = %q, want %q", got, want)
	}
	if code := healthcheck(options{listen: ":" + port}); code != 0 {
		t.Errorf("healthcheck exit code %d, want 0", code)
	}
}

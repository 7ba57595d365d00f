package loadgen

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCountsVersionsAndFailures(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != "app.test" {
			t.Errorf("Host = %q, want app.test", r.Host)
		}
		switch i := n.Add(1); {
		case i%10 == 0:
			w.WriteHeader(http.StatusBadGateway)
		case i < 50:
			w.Header().Set("X-App-Version", "v1")
		default:
			w.Header().Set("X-App-Version", "v2")
		}
	}))
	defer srv.Close()
	run := Start(Config{Addr: strings.TrimPrefix(srv.URL, "http://"), Host: "app.test", KeepAlive: 4, FreshPerSecond: 50})
	time.Sleep(300 * time.Millisecond)
	res := run.Stop()
	if res.Requests < 50 {
		t.Fatalf("only %d requests in 300ms", res.Requests)
	}
	if res.Failures == 0 || res.Errors["status 502"] != res.Failures {
		t.Errorf("failures = %d, errors = %v; want every 10th request counted as status 502", res.Failures, res.Errors)
	}
	if res.Versions["v1"] == nil || res.Versions["v2"] == nil || !res.Versions["v1"].First.Before(res.Versions["v2"].First) {
		t.Errorf("versions = %v, want v1 seen before v2", res)
	}
	if got := res.Versions["v1"].Count + res.Versions["v2"].Count + res.Failures; got != res.Requests {
		t.Errorf("versions + failures = %d, want all %d requests", got, res.Requests)
	}
}

func TestConnectionErrorsCount(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()
	res := Start(Config{Addr: addr, Host: "x", KeepAlive: 1, Timeout: time.Second})
	time.Sleep(100 * time.Millisecond)
	if r := res.Stop(); r.Failures == 0 || r.Failures != r.Requests {
		t.Errorf("against a closed port: %v, want every request failed", r)
	}
}

func TestPacedConnections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	run := Start(Config{Addr: strings.TrimPrefix(srv.URL, "http://"), Host: "x", KeepAlive: 4, PerConnectionPerSecond: 20})
	time.Sleep(time.Second)
	res := run.Stop()
	// 4 connections at 20 a second for 1 s: about 80, where back to back
	// against a local server would send thousands.
	if res.Requests < 60 || res.Requests > 90 {
		t.Errorf("paced load sent %d requests in 1 s, want about 80", res.Requests)
	}
}

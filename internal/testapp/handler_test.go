package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// newTestServer serves a's routes on loopback for the length of the test.
func newTestServer(t *testing.T, a *app) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(a.handler())
	t.Cleanup(srv.Close)
	return srv
}

// get fetches url and returns the status, the version header and the body.
func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get(versionHeader), string(body)
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		name       string
		app        app
		path       string
		wantStatus int
		wantBody   string
	}{
		{"root", app{version: "v1", host: "h1"}, "/", 200, "version=v1 host=h1\n"},
		{"any path", app{version: "v1", host: "h1"}, "/some/page", 200, "version=v1 host=h1\n"},
		{"healthy", app{version: "v1"}, "/healthz", 200, "ok\n"},
		{"unhealthy", app{version: "v1", unhealthy: true}, "/healthz", 503, "unhealthy\n"},
		{"slow", app{version: "v2", host: "h2"}, "/slow?d=10ms", 200, "version=v2 host=h2\n"},
		{"slow bad d", app{version: "v2"}, "/slow?d=2", 400, "reading d=\"2\": time: missing unit in duration \"2\" (try d=2s)\n"},
		{"stream n", app{version: "v3", host: "h3"}, "/stream?n=2", 200, "line=1 version=v3 host=h3\nline=2 version=v3 host=h3\n"},
		{"ws n", app{version: "v3", host: "h3"}, "/ws?n=1", 200, "line=1 version=v3 host=h3\n"},
		{"stream bad n", app{version: "v3"}, "/stream?n=-1", 400, "reading n=\"-1\": want a count of lines, e.g. n=20\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &tt.app)
			status, version, body := get(t, srv.URL+tt.path)
			if status != tt.wantStatus || body != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", status, body, tt.wantStatus, tt.wantBody)
			}
			if version != tt.app.version {
				t.Errorf("%s = %q, want %q", versionHeader, version, tt.app.version)
			}
		})
	}
}

func TestSlowDelays(t *testing.T) {
	tests := []struct {
		name string
		app  app
		path string
		min  time.Duration
	}{
		{"slow query", app{version: "v1"}, "/slow?d=150ms", 150 * time.Millisecond},
		{"slow default", app{version: "v1"}, "/slow", defaultSlowDelay},
		{"SLOW on every response", app{version: "v1", slow: 150 * time.Millisecond}, "/healthz", 150 * time.Millisecond},
		{"SLOW adds to /slow", app{version: "v1", slow: 100 * time.Millisecond}, "/slow?d=100ms", 200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &tt.app)
			start := time.Now()
			if status, _, _ := get(t, srv.URL+tt.path); status != 200 {
				t.Fatalf("status %d", status)
			}
			if took := time.Since(start); took < tt.min {
				t.Errorf("answered after %s, want at least %s", took, tt.min)
			}
		})
	}
}

func TestStreamRunsUntilClientLeaves(t *testing.T) {
	srv := newTestServer(t, &app{version: "v1", host: "h"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if len(resp.TransferEncoding) == 0 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("transfer encoding %v, want chunked", resp.TransferEncoding)
	}
	start := time.Now()
	lines := bufio.NewScanner(resp.Body)
	for i := 1; i <= 4; i++ {
		if !lines.Scan() {
			t.Fatalf("stream ended after %d lines: %v", i-1, lines.Err())
		}
		if !strings.HasPrefix(lines.Text(), "line="+string(rune('0'+i))+" ") {
			t.Errorf("line %d = %q", i, lines.Text())
		}
	}
	// The first line may leave with the headers, before start: allow half
	// an interval for that, which still tells a paced stream from a burst.
	if took, want := time.Since(start), 3*streamInterval-streamInterval/2; took < want {
		t.Errorf("4 lines came in %s, want at least %s", took, want)
	}
}

func TestForwarded(t *testing.T) {
	srv := newTestServer(t, &app{version: "v1"})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/forwarded", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "for=203.0.113.7 proto=https\n" {
		t.Errorf("/forwarded = %q", body)
	}
}

package haproxy

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

func TestLiveRouting(t *testing.T) {
	haproxyPath(t)
	web := newBackend(t, "web-1", nil)
	challenge := newBackend(t, "challenge", nil)
	h := startHAProxy(t, Model{Apps: []App{{
		Name:            "web",
		Domains:         []labels.Domain{{Canonical: "web.example.com", Aliases: []string{"www.web.example.com"}}},
		HealthCheckPath: "/healthz",
		Servers:         []Server{web.server()},
	}}}, challenge.Listener.Addr().String())

	t.Run("canonical domain, any case and port", func(t *testing.T) {
		for _, host := range []string{"web.example.com", "WEB.Example.com:8080"} {
			if resp, body := h.get(host, "/"); resp.StatusCode != 200 || body != "web-1" {
				t.Errorf("Host %s: %d %q, want 200 web-1", host, resp.StatusCode, body)
			}
		}
		r := web.requests("/")[0]
		if r.Header.Get("X-Forwarded-Proto") != "http" || r.Header.Get("X-Forwarded-For") != "127.0.0.1" {
			t.Errorf("forwarding headers: %v", r.Header)
		}
	})
	t.Run("alias redirects keeping path and query", func(t *testing.T) {
		resp, _ := h.get("Www.Web.Example.com", "/a/b?x=1&y=2")
		if loc := resp.Header.Get("Location"); resp.StatusCode != 301 || loc != "http://web.example.com/a/b?x=1&y=2" {
			t.Errorf("got %d Location %q", resp.StatusCode, loc)
		}
	})
	t.Run("acme challenge on any host goes to the challenge server", func(t *testing.T) {
		for _, host := range []string{"www.web.example.com", "web.example.com", "unknown.example.net"} {
			if resp, body := h.get(host, ChallengePath+"tok"); resp.StatusCode != 200 || body != "challenge" {
				t.Errorf("Host %s: %d %q, want the challenge server", host, resp.StatusCode, body)
			}
		}
	})
	t.Run("unknown host gets the 404 page", func(t *testing.T) {
		resp, body := h.get("nope.example.com", "/")
		if resp.StatusCode != 404 || !strings.Contains(body, "404 Not Found") {
			t.Errorf("got %d %q", resp.StatusCode, body)
		}
	})
	t.Run("an app whose only server drains answers the 503 page at once", func(t *testing.T) {
		ctx := context.Background()
		if err := h.runtime.DrainServer(ctx, BackendName("web"), "web-1"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		resp, body := h.get("web.example.com", "/")
		if took := time.Since(start); resp.StatusCode != 503 || !strings.Contains(body, "no replica ready") || took > 200*time.Millisecond {
			t.Errorf("drained app: %d %q in %s, want the 503 page at once", resp.StatusCode, body, took)
		}
		if err := h.runtime.ReadyServer(ctx, BackendName("web"), "web-1"); err != nil {
			t.Fatal(err)
		}
		if resp, body := h.get("web.example.com", "/"); resp.StatusCode != 200 {
			t.Errorf("ready again: %d %q", resp.StatusCode, body)
		}
	})
	t.Run("health checks use the path and the first canonical domain", func(t *testing.T) {
		eventually(t, 5*time.Second, "a health check", func() error {
			if len(web.requests("/healthz")) == 0 {
				return errNone
			}
			return nil
		})
		r := web.requests("/healthz")[0]
		if r.Host != "web.example.com" || r.Method != "GET" {
			t.Errorf("health check: %s Host %q", r.Method, r.Host)
		}
	})
}

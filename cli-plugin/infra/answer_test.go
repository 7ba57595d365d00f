package infra

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAnswerAddr(t *testing.T) {
	for _, tc := range []struct {
		host, publish string
		want          string
		local         bool
	}{
		{"unix:///var/run/docker.sock", "", "127.0.0.1:80", true},
		{"unix:///var/run/docker.sock", "127.0.0.2", "127.0.0.2:80", true},
		{"ssh://deploy@203.0.113.5", "", "203.0.113.5:80", false},
		{"tcp://203.0.113.5:2376", "", "203.0.113.5:80", false},
		{"tcp://203.0.113.5:2376", "10.0.0.1", "10.0.0.1:80", false},
		{"tcp://127.0.0.1:2375", "", "127.0.0.1:80", true},
	} {
		addr, local := AnswerAddr(tc.host, Options{PublishAddr: tc.publish})
		if addr != tc.want || local != tc.local {
			t.Errorf("AnswerAddr(%q, %q) = %s, %v; want %s, %v", tc.host, tc.publish, addr, local, tc.want, tc.local)
		}
	}
}

func TestWaitAnswerNeedsAnHTTPAnswer(t *testing.T) {
	// A listener that accepts and closes, as Docker's port proxy does
	// before HAProxy listens, is not an answer.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	err = WaitAnswer(context.Background(), ln.Addr().String(), 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "no HTTP answer") {
		t.Errorf("WaitAnswer on a closing listener = %v, want no HTTP answer", err)
	}

	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if err := WaitAnswer(context.Background(), strings.TrimPrefix(srv.URL, "http://"), time.Second); err != nil {
		t.Errorf("WaitAnswer on a 404 server = %v, want nil", err)
	}
}

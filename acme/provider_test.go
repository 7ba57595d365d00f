package acme

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestHTTPProviderServe(t *testing.T) {
	p := new(HTTPProvider)
	ctx := context.Background()
	if err := p.Present(ctx, "App.Example.com", "tok-1", "tok-1.thumb"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, host, path string
		code                     int
		body                     string
	}{
		{"answer", http.MethodGet, "app.example.com", "/.well-known/acme-challenge/tok-1", 200, "tok-1.thumb"},
		{"host with port", http.MethodGet, "app.example.com:80", "/.well-known/acme-challenge/tok-1", 200, "tok-1.thumb"},
		{"host case", http.MethodGet, "APP.example.com", "/.well-known/acme-challenge/tok-1", 200, "tok-1.thumb"},
		{"head", http.MethodHead, "app.example.com", "/.well-known/acme-challenge/tok-1", 200, "tok-1.thumb"}, // the server drops the body
		{"other host", http.MethodGet, "evil.example.com", "/.well-known/acme-challenge/tok-1", 404, ""},
		{"unknown token", http.MethodGet, "app.example.com", "/.well-known/acme-challenge/tok-2", 404, ""},
		{"no token", http.MethodGet, "app.example.com", "/.well-known/acme-challenge/", 404, ""},
		{"sub path", http.MethodGet, "app.example.com", "/.well-known/acme-challenge/tok-1/x", 404, ""},
		{"other path", http.MethodGet, "app.example.com", "/tok-1", 404, ""},
		{"post", http.MethodPost, "app.example.com", "/.well-known/acme-challenge/tok-1", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			p.ServeHTTP(w, r)
			if w.Code != tt.code {
				t.Fatalf("code = %d, want %d", w.Code, tt.code)
			}
			if tt.code == 200 && w.Body.String() != tt.body {
				t.Fatalf("body = %q, want %q", w.Body.String(), tt.body)
			}
		})
	}
}

func TestHTTPProviderCleanUp(t *testing.T) {
	p := new(HTTPProvider)
	ctx := context.Background()
	_ = p.Present(ctx, "a.example.com", "t", "t.k")
	if err := p.CleanUp(ctx, "a.example.com", "t", "t.k"); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/.well-known/acme-challenge/t", nil)
	r.Host = "a.example.com"
	w := httptest.NewRecorder()
	p.ServeHTTP(w, r)
	if w.Code != http.StatusNotFound || p.Pending() != 0 {
		t.Fatalf("after CleanUp: code %d, pending %d", w.Code, p.Pending())
	}
}

// TestHTTPProviderConcurrent is meaningful under -race.
func TestHTTPProviderConcurrent(t *testing.T) {
	p := new(HTTPProvider)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				tok := fmt.Sprintf("t%d-%d", i, j)
				_ = p.Present(ctx, "a.example.com", tok, tok+".k")
				r := httptest.NewRequest(http.MethodGet, ChallengePathPrefix+tok, nil)
				r.Host = "a.example.com"
				w := httptest.NewRecorder()
				p.ServeHTTP(w, r)
				if w.Body.String() != tok+".k" {
					t.Errorf("token %s: got %q", tok, w.Body.String())
				}
				_ = p.CleanUp(ctx, "a.example.com", tok, tok+".k")
			}
		})
	}
	wg.Wait()
	if p.Pending() != 0 {
		t.Fatalf("pending = %d after all clean-ups", p.Pending())
	}
}

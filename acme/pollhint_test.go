package acme

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPollHint checks which CA answers get the challenge poll hint.
func TestPollHint(t *testing.T) {
	tests := []struct {
		name, method, contentType, retryAfter string
		links                                 []string
		status                                int
		want                                  string
	}{
		{name: "challenge without hint", method: "POST", contentType: "application/json",
			links: []string{`<https://ca/dir>;rel="index"`, `<https://ca/authz/1>;rel="up"`}, status: 200, want: "1"},
		{name: "links in one header", method: "POST", contentType: "application/json",
			links: []string{`<https://ca/dir>;rel="index", <https://ca/authz/1>;rel="up"`}, status: 200, want: "1"},
		{name: "CA's own hint kept", method: "POST", contentType: "application/json", retryAfter: "3",
			links: []string{`<https://ca/authz/1>;rel="up"`}, status: 200, want: "3"},
		{name: "order without up link", method: "POST", contentType: "application/json",
			links: []string{`<https://ca/dir>;rel="index"`}, status: 200, want: ""},
		{name: "certificate chain links up to its issuer", method: "POST", contentType: "application/pem-certificate-chain",
			links: []string{`<https://ca/issuer>;rel="up"`}, status: 200, want: ""},
		{name: "error answer", method: "POST", contentType: "application/problem+json",
			links: []string{`<https://ca/authz/1>;rel="up"`}, status: 400, want: ""},
		{name: "GET", method: "GET", contentType: "application/json",
			links: []string{`<https://ca/authz/1>;rel="up"`}, status: 200, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				for _, l := range tt.links {
					w.Header().Add("Link", l)
				}
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			client := withPollHint(srv.Client(), 700*time.Millisecond)
			req, err := http.NewRequest(tt.method, srv.URL, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Retry-After"); got != tt.want {
				t.Errorf("Retry-After = %q, want %q", got, tt.want)
			}
		})
	}
}

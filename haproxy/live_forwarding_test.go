package haproxy

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// spoofedRequest carries forged forwarding headers and asks, in its
// Connection header, that hops behind HAProxy strip them.
const spoofedRequest = "GET /fwd HTTP/1.1\r\n" +
	"Host: Web.Example.com:8080\r\n" +
	"X-Forwarded-For: 203.0.113.66\r\n" +
	"X-Forwarded-Proto: https\r\n" +
	"X-Forwarded-Host: evil.example.net\r\n" +
	"Connection: close, X-Forwarded-For, x-forwarded-host,X-Forwarded-Proto\r\n\r\n"

func TestLiveForwardedHeaders(t *testing.T) {
	haproxyPath(t)
	cases := map[string]struct {
		trusted             []string
		request             string
		wantFor             []string
		wantProto, wantHost string
	}{
		"spoofed headers of an untrusted client are replaced": {
			nil, spoofedRequest, []string{"127.0.0.1"}, "http", "Web.Example.com:8080",
		},
		"a trusted proxy's headers are kept and appended to": {
			[]string{"127.0.0.0/8"}, spoofedRequest, []string{"203.0.113.66", "127.0.0.1"}, "https", "evil.example.net",
		},
		"a proxy not in the trusted list is not trusted": {
			[]string{"192.0.2.0/24", "10.0.0.1"}, spoofedRequest, []string{"127.0.0.1"}, "http", "Web.Example.com:8080",
		},
		"headers a trusted proxy leaves out are set": {
			[]string{"127.0.0.1"}, "GET /fwd HTTP/1.1\r\nHost: web.example.com\r\nConnection: close\r\n\r\n",
			[]string{"127.0.0.1"}, "http", "web.example.com",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			web := newBackend(t, "web", nil)
			h := startHAProxyWith(t, Model{Apps: []App{{
				Name: "web", Domains: []labels.Domain{{Canonical: "web.example.com"}},
				HealthCheckPath: "/", Servers: []Server{web.server()},
			}}}, "127.0.0.1:1", func(s *Settings) { s.TrustedProxies = c.trusted })
			if status := h.raw(c.request); status != 200 {
				t.Fatalf("status %d, want 200", status)
			}
			reqs := web.requests("/fwd")
			if len(reqs) != 1 {
				t.Fatalf("backend saw %d requests", len(reqs))
			}
			checkForwarded(t, reqs[0].Header, c.wantFor, c.wantProto, c.wantHost)
		})
	}
}

// checkForwarded compares the forwarding headers a backend received and
// checks that none of them is still listed in its Connection header.
func checkForwarded(t *testing.T, hdr http.Header, wantFor []string, proto, host string) {
	t.Helper()
	var gotFor []string
	for _, v := range hdr.Values("X-Forwarded-For") {
		for _, f := range strings.Split(v, ",") {
			gotFor = append(gotFor, strings.TrimSpace(f))
		}
	}
	if strings.Join(gotFor, ",") != strings.Join(wantFor, ",") {
		t.Errorf("X-Forwarded-For %q, want %q", gotFor, wantFor)
	}
	if got := hdr.Values("X-Forwarded-Proto"); len(got) != 1 || got[0] != proto {
		t.Errorf("X-Forwarded-Proto %q, want %q", got, proto)
	}
	if got := hdr.Values("X-Forwarded-Host"); len(got) != 1 || got[0] != host {
		t.Errorf("X-Forwarded-Host %q, want %q", got, host)
	}
	if conn := strings.ToLower(strings.Join(hdr.Values("Connection"), ",")); strings.Contains(conn, "x-forwarded") {
		t.Errorf("Connection %q still lists a forwarding header: a hop behind HAProxy would strip it", conn)
	}
}

// raw sends one request exactly as written and returns the status code.
func (h *liveHAProxy) raw(request string) int {
	h.t.Helper()
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", h.settings.HTTPPort), 5*time.Second)
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(request)); err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		h.t.Fatalf("reading the answer: %v\nhaproxy log:\n%s", err, h.log)
	}
	resp.Body.Close()
	return resp.StatusCode
}

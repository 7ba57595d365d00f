package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestOversizedBodyRefused(t *testing.T) {
	srv, f := testServer(t)
	huge := `{"app": {"name": "web", "volumes": ["` + strings.Repeat("a", MaxBodyBytes) + `:/data"]}}`
	resp, e := do(t, srv, "POST", "/v1/apps/web/deploy", "Bearer "+testToken, huge)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(e.Error, "larger than") {
		t.Errorf("status %d (%s), want 413 naming the limit", resp.StatusCode, e.Error)
	}
	if f.callCount() != 0 {
		t.Errorf("an oversized body reached the backend: %v", f.calls)
	}
}

func TestMalformedBodiesRefused(t *testing.T) {
	tests := []struct {
		name, path, body, field, says string
	}{
		{"empty", "/v1/apps/web/deploy", "", "", "empty"},
		{"not JSON", "/v1/apps/web/deploy", `{"app": {"name": "web",}}`, "", "line 1, column 24"},
		{"cut short", "/v1/apps/web/deploy", `{"app": {"name": "web"`, "", "middle"},
		{"array", "/v1/apps/web/deploy", `[1, 2]`, "", "must be a JSON object"},
		{"unknown field", "/v1/apps/web/deploy", `{"app": {"name": "web", "replica": 2}}`, "app.replica", `unknown key "replica"`},
		{"wrong type", "/v1/apps/web/deploy", `{"app": {"name": "web", "replicas": "two"}}`, "app.replicas", "is not a whole number"},
		{"trailing data", "/v1/apps/web/deploy", validDeploy + ` {}`, "", "after its JSON object"},
		{"bad timeout", "/v1/apps/web/deploy", `{"app": {"name": "web"}, "timeout": "soon"}`, "timeout", "duration"},
		{"long timeout", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"30s"`, `"2h"`, 1), "timeout", "longer than"},
		{"name differs", "/v1/apps/blog/deploy", validDeploy, "app.name", "differs"},
		{"invalid app", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"tag": "v1"}}`, `"tag": "v1"}}, "port": "http"`, 1), "app.port", "port"},
		{"missing domains", "/v1/apps/web/deploy", `{"app": {"source": {"image": {"repository": "haloy/testapp"}}}}`, "app.domains", "domain"},
		{"hooks", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"tag": "v1"}}`, `"tag": "v1"}}, "postDeploy": ["curl x"]`, 1), "app.postDeploy", "hooks"},
		{"bind mount", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"tag": "v1"}}`, `"tag": "v1"}}, "volumes": ["/:/host"]`, 1), "app.volumes[0]", "host path"},
		{"missing secret", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"env": {"DB_PASSWORD": "s3cret"}`, `"env": {}`, 1), "env", "DB_PASSWORD (secret db)"},
		{"undeclared env", "/v1/apps/web/deploy", strings.Replace(validDeploy, `"DB_PASSWORD": "s3cret"`, `"DB_PASSWORD": "s3cret", "EXTRA": "1"`, 1), "env.EXTRA", "does not declare"},
		{"bad app name", "/v1/apps/Web!/deploy", validDeploy, "app", "app name"},
		{"rollback unknown field", "/v1/apps/web/rollback/20260101000000", `{"envs": {}}`, "envs", `did you mean "env"`},
		{"rollback missing secret", "/v1/apps/web/rollback/20260101000000", `{}`, "env", "DB_PASSWORD"},
	}
	for _, tt := range tests {
		srv, f := testServer(t)
		resp, e := do(t, srv, "POST", tt.path, "Bearer "+testToken, tt.body)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d (%+v), want 400", tt.name, resp.StatusCode, e)
			continue
		}
		if e.Field != tt.field || !strings.Contains(e.Error+" "+e.Hint, tt.says) {
			t.Errorf("%s: got field %q error %q, want field %q and %q", tt.name, e.Field, e.Error, tt.field, tt.says)
		}
		for _, c := range f.calls {
			if strings.HasPrefix(c, "deploy") || strings.HasPrefix(c, "rollback") {
				t.Errorf("%s: a refused request reached the backend: %v", tt.name, f.calls)
			}
		}
	}
}

func TestFailedAuthLimit(t *testing.T) {
	srv, _ := testServer(t, func(o *Options) { o.MaxFailures = 3 })
	for i := range 3 {
		if resp, _ := do(t, srv, "GET", "/v1/apps", "Bearer wrong", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp, e := do(t, srv, "GET", "/v1/apps", "Bearer "+testToken, "")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("after 3 failures even the right token: status %d (%s), want 429 with Retry-After", resp.StatusCode, e.Error)
	}
	if resp, _ := do(t, srv, "GET", "/v1/health", "", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("health is limited too: %d", resp.StatusCode)
	}
}

func TestFailedAuthLimitPerForwardedClient(t *testing.T) {
	srv, _ := testServer(t, func(o *Options) {
		o.MaxFailures = 2
		o.TrustedProxy = func(ip string) bool { return ip == "127.0.0.1" }
	})
	send := func(forwarded []string, auth string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/apps", nil)
		req.Header.Set("Authorization", auth)
		for _, f := range forwarded {
			req.Header.Add("X-Forwarded-For", f)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The client forges a first X-Forwarded-For; the proxy's value (the last) counts.
	for _, spoof := range []string{"1.1.1.1", "2.2.2.2"} {
		send([]string{spoof, "203.0.113.7"}, "Bearer wrong")
	}
	if got := send([]string{"203.0.113.7"}, "Bearer "+testToken); got != http.StatusTooManyRequests {
		t.Errorf("client 203.0.113.7 after 2 failures: %d, want 429", got)
	}
	if got := send([]string{"203.0.113.8"}, "Bearer "+testToken); got != http.StatusOK {
		t.Errorf("another client: %d, want 200", got)
	}
}

func TestFailLimiterWindow(t *testing.T) {
	now := time.Unix(0, 0)
	l := newFailLimiter(2, time.Minute, func() time.Time { return now })
	l.fail("a")
	l.fail("a")
	if wait, ok := l.blocked("a"); !ok || wait != time.Minute {
		t.Errorf("blocked = %v %v, want a minute", wait, ok)
	}
	if _, ok := l.blocked("b"); ok {
		t.Error("b is blocked by a's failures")
	}
	now = now.Add(time.Minute)
	if _, ok := l.blocked("a"); ok {
		t.Error("a is still blocked after its window")
	}
}

// TestFailLimiterEvictsOldest floods the limiter with new addresses once a
// client is refused: the refused client must stay refused, and only the
// oldest windows make room.
func TestFailLimiterEvictsOldest(t *testing.T) {
	now := time.Unix(0, 0)
	l := newFailLimiter(2, time.Minute, func() time.Time { return now })
	for i := range maxTracked - 1 {
		l.fail("flood-" + strconv.Itoa(i))
		now = now.Add(time.Millisecond)
	}
	l.fail("attacker")
	l.fail("attacker")
	for i := range 10 {
		now = now.Add(time.Millisecond)
		l.fail("late-" + strconv.Itoa(i))
	}
	if _, ok := l.blocked("attacker"); !ok {
		t.Error("attacker is no longer refused after new addresses failed")
	}
	if len(l.clients) > maxTracked {
		t.Errorf("tracks %d clients, want at most %d", len(l.clients), maxTracked)
	}
	if _, ok := l.clients["flood-0"]; ok {
		t.Error("the oldest client is still tracked")
	}
	if _, ok := l.clients["late-9"]; !ok {
		t.Error("the newest client is not tracked")
	}
}

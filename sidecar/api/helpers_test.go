package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

const testToken = "dGVzdC10b2tlbi10aGF0LWlzLWxvbmctZW5vdWdoLTEyMzQ"

// fakeBackend records what the server asked of it.
type fakeBackend struct {
	mu        sync.Mutex
	calls     []string
	deployed  []DeployRequest
	rollbacks []map[string]string
	history   []deploy.HistoryEntry
}

func (f *fakeBackend) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeBackend) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeBackend) Status(context.Context) (reconcile.Status, error) {
	f.record("status")
	return reconcile.Status{Apps: []routing.AppStatus{{Name: "web", Serving: "20260101000000"}}, Passes: 3}, nil
}

func (f *fakeBackend) History(_ context.Context, app string) ([]deploy.HistoryEntry, error) {
	f.record("history " + app)
	return f.history, nil
}

func (f *fakeBackend) Deploy(_ context.Context, req DeployRequest, w io.Writer) (string, error) {
	f.record("deploy " + req.App.Name)
	f.mu.Lock()
	f.deployed = append(f.deployed, req)
	f.mu.Unlock()
	fmt.Fprintf(w, "deployment 20260101000001 of %s\n", req.App.Name)
	fmt.Fprint(w, "deployment 20260101000001 is ")
	fmt.Fprint(w, "serving\n")
	return "20260101000001", nil
}

func (f *fakeBackend) Rollback(_ context.Context, app, id string, env map[string]string, _ time.Duration, w io.Writer) (string, error) {
	f.record("rollback " + app + " " + id)
	f.mu.Lock()
	f.rollbacks = append(f.rollbacks, env)
	f.mu.Unlock()
	fmt.Fprintln(w, "rolling back")
	return "", fmt.Errorf("new deployment did not become healthy")
}

func (f *fakeBackend) Stop(_ context.Context, app string) (int, error) {
	f.record("stop " + app)
	if app == "ghost" {
		return 0, nil
	}
	return 2, nil
}

// testServer starts the API with a fake backend and the test token.
func testServer(t *testing.T, opts ...func(*Options)) (*httptest.Server, *fakeBackend) {
	t.Helper()
	f := &fakeBackend{history: []deploy.HistoryEntry{{ID: "20260101000000", Snapshot: deploy.Snapshot{
		App:   config.App{Name: "web", Env: []config.EnvVar{{Name: "DB_PASSWORD", SecretName: "db"}}},
		Image: "web:20260101000000",
	}}}}
	o := Options{Backend: f, Token: func() (string, error) { return testToken, nil }, Version: "v-test", Reserved: []string{"haloy-api"}, Heartbeat: 20 * time.Millisecond}
	for _, fn := range opts {
		fn(&o)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(New(ctx, o).Handler())
	t.Cleanup(func() { cancel(); srv.Close() })
	return srv, f
}

// do sends a request with an Authorization header (none when auth is "").
func do(t *testing.T, srv *httptest.Server, method, path, auth, body string) (*http.Response, ErrorBody) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var e ErrorBody
	if resp.StatusCode >= 400 {
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatalf("%s %s: error answer is not JSON: %v: %s", method, path, err, data)
		}
		if e.Error == "" || e.Hint == "" {
			t.Errorf("%s %s: error answer lacks error or hint: %s", method, path, data)
		}
	}
	resp.Body = io.NopCloser(strings.NewReader(string(data)))
	return resp, e
}

const validDeploy = `{"app": {"name": "web", "source": {"image": {"repository": "haloy/testapp", "tag": "v1"}}, "domains": [{"domain": "web.example.test"}], "env": [{"name": "DB_PASSWORD", "secretName": "db"}]}, "env": {"DB_PASSWORD": "s3cret"}, "timeout": "30s"}`

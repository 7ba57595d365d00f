package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
)

// TestDeployAcceptsWhatHaloyYAMLAccepts sends app shapes haloy.yaml allows
// (domains as strings, a numeric port, no name) and checks the backend
// gets the app config.Parse reads from the same text.
func TestDeployAcceptsWhatHaloyYAMLAccepts(t *testing.T) {
	const app = `"source": {"image": {"repository": "haloy/testapp", "tag": "v1"}}, "domains": ["a.example.com", {"domain": "b.example.com", "aliases": ["www.b.example.com"]}], "port": 8080, "replicas": 2`
	want, err := config.Parse("app", []byte(`{"name": "web", `+app+`}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`{"app": {"name": "web", ` + app + `}}`,
		`{"app": {` + app + `}}`,
	} {
		srv, f := testServer(t)
		resp, e := do(t, srv, "POST", "/v1/apps/web/deploy", "Bearer "+testToken, body)
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("%s: status %d (%+v), want 202", body, resp.StatusCode, e)
		}
		waitCalls(t, f, 1)
		f.mu.Lock()
		got := f.deployed[0].App
		f.mu.Unlock()
		if !reflect.DeepEqual(got, want[0]) {
			t.Errorf("%s: backend got %+v, want %+v", body, got, want[0])
		}
	}
}

// TestDeployErrorsAreHaloyYAMLErrors checks that a mistake gets the error
// config.Parse gives for it, under app.
func TestDeployErrorsAreHaloyYAMLErrors(t *testing.T) {
	for _, tt := range []struct{ body, field, says string }{
		{`{"app": {"name": "web", "domains": ["a.example.com"], "source": {"image": {"repository": "r"}}, "healthcheckPath": "/"}}`, "app.healthcheckPath", "did you mean healthCheckPath?"},
		{`{"app": {"name": "web", "domains": "a.example.com", "source": {"image": {"repository": "r"}}}}`, "app.domains", "domains"},
		{`{"app": {"apps": [{"name": "web"}]}}`, "app", "apps"},
		{`{"app": "web"}`, "app", "mapping"},
	} {
		srv, f := testServer(t)
		resp, e := do(t, srv, "POST", "/v1/apps/web/deploy", "Bearer "+testToken, tt.body)
		if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(e.Field, tt.field) || !strings.Contains(e.Error+" "+e.Hint, tt.says) {
			t.Errorf("%s: %d field %q error %q hint %q, want 400 field %q saying %q", tt.body, resp.StatusCode, e.Field, e.Error, e.Hint, tt.field, tt.says)
		}
		if f.callCount() != 0 {
			t.Errorf("%s: a refused request reached the backend", tt.body)
		}
	}
}

// waitCalls waits until the backend was called n times (deploys run in
// the background).
func waitCalls(t *testing.T, f *fakeBackend, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for f.callCount() < n {
		if time.Now().After(deadline) {
			t.Fatalf("backend called %d times, want %d", f.callCount(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDeployOfAnAppBuiltInCode checks that a client's config.App with
// zero fields (left out of its JSON) gets the defaults, as before.
func TestDeployOfAnAppBuiltInCode(t *testing.T) {
	req := DeployRequest{App: config.App{
		Name:    "web",
		Source:  config.Source{Image: config.Image{Repository: "haloy/testapp", Tag: "v1"}},
		Domains: []config.Domain{{Domain: "web.example.test"}},
		Env:     []config.EnvVar{{Name: "MODE", Value: ""}},
	}}
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	srv, f := testServer(t)
	resp, e := do(t, srv, "POST", "/v1/apps/web/deploy", "Bearer "+testToken, string(body))
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("%s: status %d (%+v), want 202", body, resp.StatusCode, e)
	}
	waitCalls(t, f, 1)
	f.mu.Lock()
	got := f.deployed[0].App
	f.mu.Unlock()
	want := req.App
	want.ApplyDefaults()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backend got %+v, want %+v", got, want)
	}
}

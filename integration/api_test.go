package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/cli-plugin/remote"
	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/haloydev/haloy/sidecar/api"
)

// apiDomain is the API domain the test gives init.
const apiDomain = "api.haloy.test"

// apiHTTP reaches HAProxy's published port whatever the URL's host, with
// no overall timeout (event streams last a deploy).
var apiHTTP = &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
	return (&net.Dialer{}).DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", env.httpPort))
}}}

// apiApp is a two-replica app with a secret variable, as the API gets it.
func apiApp(tag string) config.App {
	return config.App{
		Name:     "apizd",
		Source:   config.Source{Image: config.Image{Repository: "haloy/testapp-hc", Tag: tag}},
		Domains:  []config.Domain{{Domain: "apizd.example.test"}},
		Replicas: 2,
		Env:      []config.EnvVar{{Name: "API_SECRET", SecretName: "api-secret"}},
	}
}

// TestAPIThroughHAProxy routes the API domain through HAProxy, checks that
// unauthenticated and malformed calls are refused, then deploys, rolls
// back and stops an app through the API under load with no failed request.
func TestAPIThroughHAProxy(t *testing.T) {
	requireEngine(t)
	haloy(t, append(env.initArgs, "--api-domain", apiDomain)...)
	t.Cleanup(func() { runHaloy(env.initArgs...) })
	token := strings.TrimSpace(haloy(t, "api", "token"))
	c := &remote.Client{BaseURL: "http://" + apiDomain, Token: token, HTTP: apiHTTP}
	eventually(t, 30*time.Second, "the API answers through HAProxy", func() error {
		_, err := c.Version(context.Background())
		return err
	})
	t.Cleanup(func() { runHaloy("stop", "apizd") })

	refusesBadCalls(t, c)
	v1 := apiDeploy(t, c, apiDeployRequest("v1"))
	load := loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpPort), Host: "apizd.example.test", KeepAlive: 10, FreshPerSecond: 20})
	apiDeploy(t, c, apiDeployRequest("v2"))
	assertAPIServing(t, load, "after deploying v2", "v2")
	rollback(t, c, v1)
	assertAPIServing(t, load, "after rolling back to v1", "v1")
	res := load.Stop()
	t.Logf("under load: %s", res)
	if res.Failures != 0 {
		t.Errorf("%d of %d requests failed during deploys through the API: %v", res.Failures, res.Requests, res.Errors)
	}
	waitRetired(t, "apizd", 2)
	if r, err := c.Stop(context.Background(), "apizd"); err != nil || r.Removed != 2 {
		t.Errorf("stop through the API: %+v %v, want 2 containers removed", r, err)
	}
	rotation(t, c)
}

func apiDeployRequest(tag string) api.DeployRequest {
	return api.DeployRequest{App: apiApp(tag), Env: map[string]string{"API_SECRET": "not-in-any-output"}, Timeout: api.Duration(time.Minute)}
}

// apiDeploy deploys through the API and returns the new deployment's id.
func apiDeploy(t *testing.T, c *remote.Client, req api.DeployRequest) string {
	t.Helper()
	op, err := c.Deploy(context.Background(), req)
	if err != nil {
		t.Fatalf("deploy %s: %v", req.App.Source.Image.Tag, err)
	}
	return followOp(t, c, op)
}

func rollback(t *testing.T, c *remote.Client, id string) {
	t.Helper()
	entries, err := c.Deployments(context.Background(), "apizd")
	if err != nil || len(entries) < 2 {
		t.Fatalf("deployments: %d %v, want 2", len(entries), err)
	}
	if _, err := c.Rollback(context.Background(), "apizd", id, api.RollbackRequest{}); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("rollback without the secret's value: %v, want 400", err)
	}
	op, err := c.Rollback(context.Background(), "apizd", id, api.RollbackRequest{Env: map[string]string{"API_SECRET": "x"}})
	if err != nil {
		t.Fatalf("rollback to %s: %v", id, err)
	}
	followOp(t, c, op)
}

// followOp follows an operation to its end, failing the test if it failed.
func followOp(t *testing.T, c *remote.Client, op api.Operation) string {
	t.Helper()
	var lines []string
	done, err := c.Follow(context.Background(), op, func(ev api.Event) { lines = append(lines, ev.Message) })
	if err != nil || done.Error != "" {
		t.Fatalf("%s of %s: %v %s\n%s", op.Kind, op.App, err, done.Error, strings.Join(lines, "\n"))
	}
	if strings.Contains(strings.Join(lines, "\n"), "not-in-any-output") {
		t.Errorf("a secret value appears in the progress lines")
	}
	return done.DeploymentID
}

func assertAPIServing(t *testing.T, load *loadgen.Run, step, want string) {
	t.Helper()
	for range 20 {
		code, body, _ := get(t, "http://apizd.example.test/")
		if code != 200 || field(body, "version") != want {
			load.Stop()
			t.Fatalf("%s: GET = %d %q, want version %s", step, code, body, want)
		}
	}
}

// refusesBadCalls checks missing, wrong and malformed tokens (6 failures:
// with the rotation check's one, under the limit of 10 a minute) and
// oversized and malformed bodies.
func refusesBadCalls(t *testing.T, c *remote.Client) {
	t.Helper()
	for _, auth := range []string{"", "Bearer wrong-token", "Basic " + c.Token} {
		for _, ep := range []struct{ method, path string }{{"GET", "/v1/apps"}, {"POST", "/v1/apps/apizd/stop"}} {
			if code := rawCall(t, ep.method, ep.path, auth, "{}"); code != http.StatusUnauthorized {
				t.Errorf("%s %s with Authorization %q: %d, want 401", ep.method, ep.path, auth, code)
			}
		}
	}
	bearer := "Bearer " + c.Token
	if code := rawCall(t, "POST", "/v1/apps/apizd/deploy", bearer, `{"app": {"name": "apizd", "volumes": ["`+strings.Repeat("a", api.MaxBodyBytes)+`:/d"]}}`); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", code)
	}
	req := apiDeployRequest("v1")
	req.App.Replicas = -1
	_, err := c.Deploy(context.Background(), req)
	var e *remote.Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Body.Field != "app.replicas" {
		t.Errorf("invalid app: %v, want 400 naming app.replicas", err)
	}
}

// rawCall sends one request through HAProxy and returns the status.
func rawCall(t *testing.T, method, path, auth, body string) int {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+apiDomain+path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := apiHTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var e api.ErrorBody
	if resp.StatusCode >= 400 && (json.NewDecoder(resp.Body).Decode(&e) != nil || e.Hint == "") {
		t.Errorf("%s %s: %d without a JSON error and hint", method, path, resp.StatusCode)
	}
	return resp.StatusCode
}

// rotation checks that a rotated token replaces the old one at once.
func rotation(t *testing.T, c *remote.Client) {
	t.Helper()
	fresh := strings.TrimSpace(haloy(t, "api", "token", "--rotate"))
	if _, err := c.Status(context.Background()); !isStatus(err, http.StatusUnauthorized) {
		t.Errorf("old token after rotation: %v, want 401", err)
	}
	c.Token = fresh
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("new token after rotation: %v", err)
	}
}

func isStatus(err error, status int) bool {
	var e *remote.Error
	return errors.As(err, &e) && e.Status == status
}

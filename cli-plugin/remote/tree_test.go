package remote

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/wire/certstatus"
)

// runTree runs the standalone client's tree against the test server and
// returns stdout, stderr and the error.
func runTree(t *testing.T, baseURL string, args ...string) (string, string, error) {
	t.Helper()
	t.Setenv(EnvToken, token)
	cmd := NewCommand("haloy")
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceErrors = true
	cmd.SetArgs(append([]string{"--server", baseURL, "--allow-http"}, args...))
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

// TestTreeOverHTTP runs the plugin's commands through the HTTP backend:
// the same tables, JSON documents and messages as docker haloy.
func TestTreeOverHTTP(t *testing.T) {
	c, _ := server(t)
	out, _, err := runTree(t, c.BaseURL, "rollback", "web", "--format", "json")
	var targets []struct {
		ID      string `json:"id"`
		Current bool   `json:"current"`
	}
	if err != nil || json.Unmarshal([]byte(out), &targets) != nil || len(targets) != 1 || targets[0].ID != "20260101000000" || targets[0].Current {
		t.Errorf("rollback web --format json = %q, %v; want the one deployment, not current", out, err)
	}
	if out, _, err := runTree(t, c.BaseURL, "status"); err != nil || !strings.HasPrefix(out, "APP  DEPLOYMENT  STATE  REPLICA  HEALTH  DOMAINS") {
		t.Errorf("status = %q, %v; want the plugin's table", out, err)
	}
	if out, _, err := runTree(t, c.BaseURL, "stop", "web"); err != nil || out != "web: drained, stopped and removed 1 container(s)\n" {
		t.Errorf("stop web = %q, %v", out, err)
	}
	_, _, err = runTree(t, c.BaseURL, "rollback", "web", "20260101000000")
	if err == nil || !strings.Contains(err.Error(), "rolling web back to 20260101000000: new deployment did not become healthy") {
		t.Errorf("rollback web 20260101000000: %v, want the server's failure", err)
	}
	_, _, err = runTree(t, c.BaseURL, "rollback", "web", "20250101000000")
	if err == nil || !strings.Contains(err.Error(), "has no deployment 20250101000000 (list the deployments with: haloy rollback web)") {
		t.Errorf("rollback to an unknown id: %v", err)
	}
}

// TestStatusOverHTTPShowsCertificates: the standalone status has the
// plugin's certificate table, from GET /v1/certificates.
func TestStatusOverHTTPShowsCertificates(t *testing.T) {
	c, _ := serverWith(t, api.Options{Certificates: func() certstatus.Report {
		return certstatus.Report{CA: "pebble", Domains: []certstatus.Domain{{Domain: "web.example.test", App: "web", State: certstatus.Valid}}}
	}})
	out, _, err := runTree(t, c.BaseURL, "status")
	if err != nil || !strings.Contains(out, "Certificates (CA: pebble):") || !strings.Contains(out, "web.example.test  web") {
		t.Errorf("status = %q, %v; want the certificate table", out, err)
	}
}

// TestTreeOverHTTPRefusesDomains: the API has no domain ownership, and
// the command says which road has it.
func TestTreeOverHTTPRefusesDomains(t *testing.T) {
	c, _ := server(t)
	for _, args := range [][]string{{"domains"}, {"domains", "release", "a.example.com"}} {
		_, _, err := runTree(t, c.BaseURL, args...)
		if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "docker haloy domains") || strings.Contains(err.Error(), "unsupported operation") {
			t.Errorf("%v: %v, want a clear unsupported error naming docker haloy domains", args, err)
		}
	}
}

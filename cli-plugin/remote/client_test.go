package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

const token = "cmVtb3RlLWNsaWVudC10ZXN0LXRva2VuLTAxMjM0NTY3ODk"

// backend answers like a sidecar with one deployed app.
type backend struct{ env map[string]string }

func (b *backend) Status(context.Context) (reconcile.Status, error) {
	return reconcile.Status{Passes: 1}, nil
}

func (b *backend) History(context.Context, string) ([]deploy.HistoryEntry, error) {
	return []deploy.HistoryEntry{{ID: "20260101000000", Snapshot: deploy.Snapshot{App: config.App{Name: "web"}}}}, nil
}

func (b *backend) Deploy(_ context.Context, req api.DeployRequest, w io.Writer) (string, error) {
	b.env = req.Env
	fmt.Fprintln(w, "step one")
	if req.DeploymentID != "" {
		return req.DeploymentID, nil // the id the client chose
	}
	return "20260101000001", nil
}

func (b *backend) Rollback(context.Context, string, string, map[string]string, time.Duration, io.Writer) (string, error) {
	return "", errors.New("new deployment did not become healthy")
}

func (b *backend) Stop(context.Context, string) (int, error) { return 1, nil }

func server(t *testing.T) (*Client, *backend) {
	return serverWith(t, api.Options{})
}

// serverWith is server with more of the API's options set.
func serverWith(t *testing.T, o api.Options) (*Client, *backend) {
	t.Helper()
	b := &backend{}
	ctx, cancel := context.WithCancel(context.Background())
	o.Backend, o.Token = b, func() (string, error) { return token, nil }
	srv := httptest.NewServer(api.New(ctx, o).Handler())
	t.Cleanup(func() { cancel(); srv.Close() })
	return &Client{BaseURL: srv.URL, Token: token}, b
}

func TestDeployAndFollow(t *testing.T) {
	c, b := server(t)
	app := config.App{Name: "web", Source: config.Source{Image: config.Image{Repository: "haloy/testapp", Tag: "v1"}},
		Domains: []config.Domain{{Domain: "web.example.test"}}, Env: []config.EnvVar{{Name: "PASSWORD", SecretName: "pw"}}}
	op, err := c.Deploy(context.Background(), api.DeployRequest{App: app, Env: map[string]string{"PASSWORD": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	done, err := c.Follow(context.Background(), op, func(ev api.Event) { lines = append(lines, ev.Message) })
	if err != nil || done.DeploymentID != "20260101000001" || lines[0] != "step one" {
		t.Errorf("Follow = %+v, %v; lines %q", done, err, lines)
	}
	if b.env["PASSWORD"] != "x" {
		t.Errorf("server got env %v", b.env)
	}
}

func TestErrorsCarryTheHint(t *testing.T) {
	c, _ := server(t)
	c.Token = "wrong"
	_, err := c.Status(context.Background())
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusUnauthorized || !strings.Contains(err.Error(), "docker haloy api token") {
		t.Errorf("err = %v, want a 401 with the hint", err)
	}
	c.Token = token
	_, err = c.Deploy(context.Background(), api.DeployRequest{App: config.App{Name: "web", Replicas: -1}})
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Body.Field == "" {
		t.Errorf("err = %v, want a 400 naming the field", err)
	}
}

func TestClientFlags(t *testing.T) {
	t.Setenv(EnvToken, "")
	tests := []struct {
		server, token string
		allowHTTP     bool
		says          string
	}{
		{"", token, false, "no API server"},
		{"ftp://x", token, false, "not an http(s) URL"},
		{"http://api.example.com", token, false, "plain HTTP"},
		{"https://api.example.com", "", false, EnvToken},
		{"http://api.example.com", token, true, ""},
	}
	for _, tt := range tests {
		t.Setenv(EnvToken, tt.token)
		g := &globals{server: tt.server, allowHTTP: tt.allowHTTP}
		_, err := g.client()
		if tt.says == "" && err != nil || tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
			t.Errorf("server %q token %q: err = %v, want %q", tt.server, tt.token, err, tt.says)
		}
	}
}

package metrics

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/reconcile"
	"github.com/haloydev/haloy/wire"
)

func sampleStatus() reconcile.Status {
	ready := func(name string, ok bool) routing.ReplicaStatus {
		return routing.ReplicaStatus{Container: name, Running: true, Ready: ok}
	}
	return reconcile.Status{
		Passes: 7, Reloads: 2, RuntimeApplies: 3, LastPassDuration: wire.Duration(1500 * time.Microsecond),
		Problems: []routing.Problem{{Container: "x", Label: "dev.haloy.port"}, {Container: "y"}},
		Apps: []routing.AppStatus{
			{Name: "web", Deployments: []routing.DeploymentStatus{
				{ID: "2", State: routing.StateStarting, Replicas: []routing.ReplicaStatus{ready("w3", true)}},
				{ID: "1", State: routing.StateServing, Replicas: []routing.ReplicaStatus{ready("w1", true), ready("w2", false)}},
			}},
			{Name: "api", Deployments: []routing.DeploymentStatus{
				{State: routing.StateServing, Replicas: []routing.ReplicaStatus{ready("a1", true), ready("a2", true)}},
			}},
			{Name: "old", Deployments: []routing.DeploymentStatus{
				{ID: "1", State: routing.StateStopped, Replicas: []routing.ReplicaStatus{{Container: "o1"}}},
			}},
		},
	}
}

const sampleText = `# HELP haloy_reconcile_passes_total Reconcile passes since the sidecar started.
# TYPE haloy_reconcile_passes_total counter
haloy_reconcile_passes_total 7
# HELP haloy_reconcile_duration_seconds Duration of the last reconcile pass.
# TYPE haloy_reconcile_duration_seconds gauge
haloy_reconcile_duration_seconds 0.0015
# HELP haloy_haproxy_reloads_total HAProxy reloads the sidecar caused since it started.
# TYPE haloy_haproxy_reloads_total counter
haloy_haproxy_reloads_total 2
# HELP haloy_runtime_applies_total Passes that changed servers through HAProxy's runtime API, without a reload.
# TYPE haloy_runtime_applies_total counter
haloy_runtime_applies_total 3
# HELP haloy_label_problems Label mistakes and domain conflicts found by the last pass.
# TYPE haloy_label_problems gauge
haloy_label_problems 2
# HELP haloy_app_ready_replicas Ready replicas of each app's serving deployments.
# TYPE haloy_app_ready_replicas gauge
haloy_app_ready_replicas{app="api"} 2
haloy_app_ready_replicas{app="old"} 0
haloy_app_ready_replicas{app="web"} 1
`

func TestWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, sampleStatus()); err != nil {
		t.Fatal(err)
	}
	if b.String() != sampleText {
		t.Errorf("Write =\n%s\nwant\n%s", b.String(), sampleText)
	}
}

func TestWriteEmptyStatus(t *testing.T) {
	var b strings.Builder
	Write(&b, reconcile.Status{})
	for _, want := range []string{"haloy_reconcile_passes_total 0\n", "haloy_label_problems 0\n", "# TYPE haloy_app_ready_replicas gauge\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics of an empty status lack %q:\n%s", want, b.String())
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{"web": "web", `a"b`: `a\"b`, `a\b`: `a\\b`, "a\nb": `a\nb`} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler(sampleStatus))
	defer srv.Close()
	resp, err := http.Get(srv.URL + Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ContentType || string(body) != sampleText {
		t.Errorf("GET %s = %d %q\n%s", Path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, err := http.Get(srv.URL + "/other"); err != nil || resp.StatusCode != 404 {
		t.Errorf("GET /other = %v %v, want 404", resp.StatusCode, err)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, addr, sampleStatus) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + Path)
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Serve never answered: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

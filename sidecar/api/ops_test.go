package api

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/wire/certstatus"
)

// startOp posts a deploy or rollback and returns the Operation answered.
func startOp(t *testing.T, srvURL string, client *http.Client, path, body string) Operation {
	t.Helper()
	req, _ := http.NewRequest("POST", srvURL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST %s: status %d, want 202", path, resp.StatusCode)
	}
	var op Operation
	if err := json.NewDecoder(resp.Body).Decode(&op); err != nil {
		t.Fatal(err)
	}
	return op
}

// readEvents reads an event stream to its end.
func readEvents(t *testing.T, srvURL string, client *http.Client, path string) []Event {
	t.Helper()
	req, _ := http.NewRequest("GET", srvURL+path, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("events content type %q", ct)
	}
	var out []Event
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("event %q: %v", sc.Text(), err)
		}
		out = append(out, ev)
	}
	return out
}

func TestDeployStreamsItsEvents(t *testing.T) {
	srv, f := testServer(t)
	op := startOp(t, srv.URL, srv.Client(), "/v1/apps/web/deploy", validDeploy)
	if op.App != "web" || op.Kind != "deploy" || !strings.HasSuffix(op.Events, "/events") {
		t.Errorf("operation = %+v", op)
	}
	var msgs []string
	var last Event
	for _, ev := range readEvents(t, srv.URL, srv.Client(), op.Events) {
		if ev.Type == EventProgress {
			msgs = append(msgs, ev.Message)
		}
		last = ev
	}
	want := []string{"deployment 20260101000001 of web", "deployment 20260101000001 is serving"}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("progress = %q, want %q", msgs, want)
	}
	if last.Type != EventDone || last.DeploymentID != "20260101000001" || last.Error != "" {
		t.Errorf("last event = %+v, want done with the deployment id", last)
	}
	if got := f.deployed[0]; got.App.Replicas != 1 || got.App.Port != "80" || got.Env["DB_PASSWORD"] != "s3cret" || time.Duration(got.Timeout) != 30*time.Second {
		t.Errorf("backend got %+v, want defaults applied and the env", got)
	}
	resp, _ := do(t, srv, "GET", "/v1/apps/web/deploys/"+op.ID, "Bearer "+testToken, "")
	var info Operation
	json.NewDecoder(resp.Body).Decode(&info)
	if !info.Done || info.DeploymentID != "20260101000001" || len(info.Log) != 3 {
		t.Errorf("GET deploys/%s = %+v", op.ID, info)
	}
	if resp, _ := do(t, srv, "GET", "/v1/apps/blog/deploys/"+op.ID, "Bearer "+testToken, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another app's operation: status %d, want 404", resp.StatusCode)
	}
}

func TestRollbackReportsFailure(t *testing.T) {
	srv, f := testServer(t)
	op := startOp(t, srv.URL, srv.Client(), "/v1/apps/web/rollback/20260101000000", `{"env": {"DB_PASSWORD": "x"}}`)
	evs := readEvents(t, srv.URL, srv.Client(), op.Events)
	if last := evs[len(evs)-1]; last.Type != EventDone || !strings.Contains(last.Error, "healthy") {
		t.Errorf("last event = %+v, want the failure", last)
	}
	if len(f.rollbacks) != 1 || f.rollbacks[0]["DB_PASSWORD"] != "x" {
		t.Errorf("backend rollbacks = %v", f.rollbacks)
	}
	resp, e := do(t, srv, "POST", "/v1/apps/web/rollback/20250101000000", "Bearer "+testToken, `{"env": {"DB_PASSWORD": "x"}}`)
	if resp.StatusCode != http.StatusNotFound || e.Field != "id" {
		t.Errorf("unknown deployment: %d %+v, want 404 naming id", resp.StatusCode, e)
	}
}

// slowBackend's deploys wait for release.
type slowBackend struct {
	*fakeBackend
	release chan struct{}
}

func (b slowBackend) Deploy(ctx context.Context, req DeployRequest, w io.Writer) (string, error) {
	<-b.release
	return b.fakeBackend.Deploy(ctx, req, w)
}

func TestHeartbeatsWhileIdle(t *testing.T) {
	release := make(chan struct{})
	srv, _ := testServer(t, func(o *Options) { o.Backend = slowBackend{o.Backend.(*fakeBackend), release} })
	op := startOp(t, srv.URL, srv.Client(), "/v1/apps/web/deploy", validDeploy)
	time.AfterFunc(150*time.Millisecond, func() { close(release) })
	beats := 0
	for _, ev := range readEvents(t, srv.URL, srv.Client(), op.Events) {
		if ev.Type == EventHeartbeat {
			beats++
		}
	}
	if beats < 2 {
		t.Errorf("%d heartbeats in 150 ms at a 20 ms interval", beats)
	}
}

func TestProgressLinesSplit(t *testing.T) {
	o := operation{changed: make(chan struct{})}
	evs, done, changed := o.since(0)
	if len(evs) != 0 || done {
		t.Fatalf("fresh operation: %v %v", evs, done)
	}
	o.Write([]byte("half"))
	select {
	case <-changed:
		t.Fatal("a partial line was published")
	default:
	}
	o.Write([]byte(" line\nnext\n"))
	evs, _, _ = o.since(0)
	if len(evs) != 2 || evs[0].Message != "half line" || evs[1].Message != "next" {
		t.Errorf("events = %+v", evs)
	}
}

func TestStop(t *testing.T) {
	srv, _ := testServer(t)
	resp, _ := do(t, srv, "POST", "/v1/apps/web/stop", "Bearer "+testToken, "")
	var res StopResult
	json.NewDecoder(resp.Body).Decode(&res)
	if resp.StatusCode != http.StatusOK || res.Removed != 2 {
		t.Errorf("stop web: %d %+v", resp.StatusCode, res)
	}
	if resp, _ := do(t, srv, "POST", "/v1/apps/ghost/stop", "Bearer "+testToken, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("stop of an app without containers: %d, want 404", resp.StatusCode)
	}
	for _, path := range []string{"/v1/apps/haloy-api/stop", "/v1/apps/haloy-api/deploy"} {
		if resp, e := do(t, srv, "POST", path, "Bearer "+testToken, strings.ReplaceAll(validDeploy, `"web"`, `"haloy-api"`)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: %d %+v, want 403", path, resp.StatusCode, e)
		}
	}
}

func TestCertificates(t *testing.T) {
	srv, _ := testServer(t)
	resp, _ := do(t, srv, "GET", "/v1/certificates", "Bearer "+testToken, "")
	var body struct{ Certificates *struct{ Domains []any } }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Certificates == nil || body.Certificates.Domains == nil {
		t.Errorf("certificates answer %+v (%v), want a report with an empty list of domains", body, err)
	}
	srv, _ = testServer(t, func(o *Options) {
		o.Certificates = func() certstatus.Report {
			return certstatus.Report{Domains: []certstatus.Domain{{Domain: "web.example.test"}}}
		}
	})
	resp, _ = do(t, srv, "GET", "/v1/certificates", "Bearer "+testToken, "")
	var certs struct{ Certificates certstatus.Report }
	if json.NewDecoder(resp.Body).Decode(&certs); len(certs.Certificates.Domains) != 1 || certs.Certificates.Domains[0].Domain != "web.example.test" {
		t.Errorf("certificates = %+v", certs)
	}
}

// TestStatusListsAreNeverNull: the API's status has [] for every empty
// list (the fake's app has no domains or deployments, and there are no
// problems), as the CLIs print it.
func TestStatusListsAreNeverNull(t *testing.T) {
	srv, _ := testServer(t)
	resp, _ := do(t, srv, "GET", "/v1/apps", "Bearer "+testToken, "")
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/apps: %d %v", resp.StatusCode, err)
	}
	for _, bad := range jsonout.Check(body) {
		t.Errorf("%s in %s", bad, body)
	}
}

// Package remote is the HTTP backend of the command tree (cli-plugin/tree),
// for machines without Docker access to the server: a Client for each
// endpoint of the sidecar's API, and the tree over it with the --server
// and --allow-http flags (the standalone `haloy` binary, and `docker
// haloy api client`). Secrets are resolved on the client and sent over
// TLS; hooks run on the client. It links no Docker client.
package remote

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/haloydev/haloy/wire"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Client calls one sidecar's API.
type Client struct {
	// BaseURL is the API's address, e.g. https://api.example.com.
	BaseURL string
	// Token is the bearer token (docker haloy api token).
	Token string
	// HTTP is the HTTP client (nil: one that waits a minute for answers to
	// begin); event streams use it too, so it must not limit whole requests.
	HTTP *http.Client
}

// Error is an error answer of the API.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Body is the answer.
	Body wire.ErrorBody
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("the API refused (%d): %s", e.Status, e.Body.Error)
	if e.Body.Field != "" && !strings.Contains(e.Body.Error, e.Body.Field) {
		msg += " [" + e.Body.Field + "]"
	}
	if e.Body.Hint != "" {
		msg += " (" + e.Body.Hint + ")"
	}
	return msg
}

// Version returns the sidecar's version (no token needed).
func (c *Client) Version(ctx context.Context) (wire.VersionBody, error) {
	var v wire.VersionBody
	return v, c.call(ctx, http.MethodGet, "/v1/version", nil, &v)
}

// Status returns apps, deployments, replicas and problems.
func (c *Client) Status(ctx context.Context) (wire.Status, error) {
	var st wire.Status
	return st, c.call(ctx, http.MethodGet, "/v1/apps", nil, &st)
}

// Certificates returns each routed domain's certificate.
func (c *Client) Certificates(ctx context.Context) (certstatus.Report, error) {
	var body struct {
		Certificates certstatus.Report `json:"certificates"`
	}
	return body.Certificates, c.call(ctx, http.MethodGet, "/v1/certificates", nil, &body)
}

// Deployments returns app's history, newest first.
func (c *Client) Deployments(ctx context.Context, app string) ([]wire.HistoryEntry, error) {
	var body struct {
		Deployments []wire.HistoryEntry `json:"deployments"`
	}
	return body.Deployments, c.call(ctx, http.MethodGet, "/v1/apps/"+url.PathEscape(app)+"/deployments", nil, &body)
}

// Deploy starts a deploy; follow it with Follow.
func (c *Client) Deploy(ctx context.Context, req wire.DeployRequest) (wire.Operation, error) {
	var op wire.Operation
	return op, c.call(ctx, http.MethodPost, "/v1/apps/"+url.PathEscape(req.App.Name)+"/deploy", req, &op)
}

// Rollback starts a rollback of app to deployment id.
func (c *Client) Rollback(ctx context.Context, app, id string, req wire.RollbackRequest) (wire.Operation, error) {
	var op wire.Operation
	return op, c.call(ctx, http.MethodPost, "/v1/apps/"+url.PathEscape(app)+"/rollback/"+url.PathEscape(id), req, &op)
}

// Stop stops and removes app's containers.
func (c *Client) Stop(ctx context.Context, app string) (wire.StopResult, error) {
	var res wire.StopResult
	return res, c.call(ctx, http.MethodPost, "/v1/apps/"+url.PathEscape(app)+"/stop", nil, &res)
}

// Follow reads op's event stream, calling each for every event, and
// returns the final EventDone event.
func (c *Client) Follow(ctx context.Context, op wire.Operation, each func(wire.Event)) (wire.Event, error) {
	resp, err := c.send(ctx, http.MethodGet, op.Events, nil)
	if err != nil {
		return wire.Event{}, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var ev wire.Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return wire.Event{}, fmt.Errorf("reading the event stream: %w", err)
		}
		each(ev)
		if ev.Type == wire.EventDone {
			return ev, nil
		}
	}
	if err := sc.Err(); err != nil {
		return wire.Event{}, fmt.Errorf("reading the event stream: %w", err)
	}
	return wire.Event{}, fmt.Errorf("the event stream of %s ended before the result (ask again: GET /v1/apps/%s/deploys/%s)", op.ID, op.App, op.ID)
}

// call sends body as JSON and decodes a 2xx answer into out.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	resp, err := c.send(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("reading the answer of %s %s: %w", method, path, err)
	}
	return nil
}

// send makes the request and turns an error answer into *Error.
func (c *Client) send(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.BaseURL, "/")+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("reaching the API at %s: %w", c.BaseURL, err)
	}
	if resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	e := &Error{Status: resp.StatusCode}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(data, &e.Body) != nil || e.Body.Error == "" {
		e.Body.Error = strings.TrimSpace(resp.Status + " " + string(data))
	}
	return nil, e
}

// defaultClient waits at most a minute for an answer to begin; event
// streams then run as long as the deploy, kept alive by heartbeats.
var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	TLSHandshakeTimeout:   10 * time.Second,
	ResponseHeaderTimeout: time.Minute,
	IdleConnTimeout:       90 * time.Second,
}}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultClient
}

// Package loadgen drives HTTP load at one address and counts every
// failure: a transport error or a non-2xx answer. It keeps a number of
// keep-alive connections busy plus a trickle of fresh connections, and
// records when each app version (the X-App-Version header) was first and
// last seen, so a deploy's switch-over can be timed. Integration tests and
// the benchmarks share it.
package loadgen

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config says what load to make.
type Config struct {
	// Addr is the host:port to connect to (HAProxy's published port).
	Addr string
	// Host is the Host header to send.
	Host string
	// Path is the request path (default "/").
	Path string
	// KeepAlive is how many keep-alive connections send requests: back to
	// back, or PerConnectionPerSecond a second each when that is set.
	KeepAlive int
	// PerConnectionPerSecond paces each keep-alive connection to this many
	// requests a second (0: back to back, as fast as answers come).
	PerConnectionPerSecond int
	// FreshPerSecond is how many requests a second use a new connection each.
	FreshPerSecond int
	// Timeout bounds one request (default 10s).
	Timeout time.Duration
	// TLS, when set, makes the requests HTTPS with this configuration
	// (HTTP/2 when the server offers it).
	TLS *tls.Config
}

// Result is what a run saw.
type Result struct {
	// Requests counts requests sent; Failures those that did not get a 2xx.
	Requests, Failures int64
	// Errors counts failures by their description.
	Errors map[string]int64
	// Versions describes each X-App-Version seen.
	Versions map[string]*VersionSeen
}

// VersionSeen is when answers of one app version were seen.
type VersionSeen struct {
	Count       int64
	First, Last time.Time
}

// Run is load in progress.
type Run struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	res    Result
}

// Start begins sending load until Stop.
func Start(cfg Config) *Run {
	if cfg.Path == "" {
		cfg.Path = "/"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Run{cancel: cancel, res: Result{Errors: map[string]int64{}, Versions: map[string]*VersionSeen{}}}
	for range cfg.KeepAlive {
		r.wg.Add(1)
		go r.keepAliveWorker(ctx, cfg)
	}
	if cfg.FreshPerSecond > 0 {
		r.wg.Add(1)
		go r.freshWorker(ctx, cfg)
	}
	return r
}

// Stop ends the load, waits for requests in flight, and returns the result.
func (r *Run) Stop() Result {
	r.cancel()
	r.wg.Wait()
	return r.Snapshot()
}

// Snapshot returns the result so far.
func (r *Run) Snapshot() Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := Result{Requests: r.res.Requests, Failures: r.res.Failures, Errors: map[string]int64{}, Versions: map[string]*VersionSeen{}}
	for k, v := range r.res.Errors {
		out.Errors[k] = v
	}
	for k, v := range r.res.Versions {
		c := *v
		out.Versions[k] = &c
	}
	return out
}

func (r *Run) keepAliveWorker(ctx context.Context, cfg Config) {
	defer r.wg.Done()
	client := newClient(cfg, false)
	defer client.CloseIdleConnections()
	if cfg.PerConnectionPerSecond <= 0 {
		for ctx.Err() == nil {
			r.once(ctx, client, cfg)
		}
		return
	}
	tick := time.NewTicker(time.Second / time.Duration(cfg.PerConnectionPerSecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			r.once(ctx, client, cfg)
		}
	}
}

func (r *Run) freshWorker(ctx context.Context, cfg Config) {
	defer r.wg.Done()
	tick := time.NewTicker(time.Second / time.Duration(cfg.FreshPerSecond))
	defer tick.Stop()
	client := newClient(cfg, true)
	var inflight sync.WaitGroup
	defer inflight.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			inflight.Add(1)
			go func() {
				defer inflight.Done()
				r.once(ctx, client, cfg)
			}()
		}
	}
}

func newClient(cfg Config, fresh bool) *http.Client {
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{Timeout: cfg.Timeout}).DialContext(ctx, network, cfg.Addr)
	}
	return &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			DialContext: dial, DisableKeepAlives: fresh, MaxIdleConnsPerHost: 1,
			TLSClientConfig: cfg.TLS, ForceAttemptHTTP2: cfg.TLS != nil,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// once sends one request and records its outcome. A request cut short by
// Stop is not counted.
func (r *Run) once(ctx context.Context, client *http.Client, cfg Config) {
	scheme := "http://"
	if cfg.TLS != nil {
		scheme = "https://"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+cfg.Host+cfg.Path, nil)
	if err != nil {
		r.record("", fmt.Sprintf("building request: %v", err))
		return
	}
	resp, err := client.Do(req)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		r.record("", describe(err))
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case err != nil && ctx.Err() == nil:
		r.record("", "reading body: "+describe(err))
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		r.record("", fmt.Sprintf("status %d", resp.StatusCode))
	default:
		r.record(resp.Header.Get("X-App-Version"), "")
	}
}

func (r *Run) record(version, failure string) {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Requests++
	if failure != "" {
		r.res.Failures++
		r.res.Errors[failure]++
		return
	}
	v := r.res.Versions[version]
	if v == nil {
		v = &VersionSeen{First: now}
		r.res.Versions[version] = v
	}
	v.Count++
	v.Last = now
}

// describe shortens an error to its kind, so counts group well.
func describe(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

// String summarises the result on one line.
func (res Result) String() string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(res.Versions)) {
		parts = append(parts, fmt.Sprintf("%s=%d", name, res.Versions[name].Count))
	}
	s := fmt.Sprintf("%d requests, %d failed (%s)", res.Requests, res.Failures, strings.Join(parts, " "))
	for _, e := range slices.Sorted(maps.Keys(res.Errors)) {
		s += fmt.Sprintf("; %d× %s", res.Errors[e], e)
	}
	return s
}

// Package probe decides whether a container may take traffic. A container
// with a Docker HEALTHCHECK is ready when Docker says healthy; one without
// is ready once an HTTP GET on its health path answered 2xx. After that,
// HAProxy's own checks guard traffic.
package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"sync"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

// DefaultInterval is how often a starting container is probed.
const DefaultInterval = 100 * time.Millisecond

// ReportAfter is how long a container may fail its probes before the
// failure is reported as a problem (a wrong port or health path).
const ReportAfter = 10 * time.Second

// Prober probes containers without a HEALTHCHECK until they answer 2xx.
type Prober struct {
	// Interval is the time between probes of one container.
	Interval time.Duration
	// Notify is called when a container became ready.
	Notify func()

	client  *http.Client
	mu      sync.Mutex
	ready   map[string]bool
	probing map[string]*run
}

// run is one container's probe goroutine; its identity tells a probe's
// own map entry from a later probe of the same container.
type run struct {
	cancel  context.CancelFunc
	url     string
	started time.Time
	lastErr string // guarded by Prober.mu
}

// New returns a Prober that calls notify whenever a container becomes ready.
func New(notify func()) *Prober {
	return &Prober{
		Interval: DefaultInterval,
		Notify:   notify,
		client:   &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}},
		ready:    map[string]bool{},
		probing:  map[string]*run{},
	}
}

// Mark fills in Ready for each container, starts probes for running ones
// not known to be ready, and forgets containers that stopped or are gone.
func (p *Prober) Mark(ctx context.Context, cs []routing.Container) {
	p.mu.Lock()
	defer p.mu.Unlock()
	seen := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		if !c.Running {
			continue
		}
		seen[c.ID] = true
		if c.Health != routing.HealthNone {
			c.Ready = c.Health == routing.HealthHealthy
			continue
		}
		c.Ready = p.ready[c.ID]
		if !c.Ready {
			p.startProbe(ctx, *c)
			c.ProbeError = p.failure(c.ID)
		}
	}
	p.forgetAllBut(seen)
}

// Stop ends all probes.
func (p *Prober) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.forgetAllBut(nil)
}

// failure describes a probe that has failed for longer than ReportAfter.
func (p *Prober) failure(id string) string {
	r := p.probing[id]
	if r == nil || r.lastErr == "" || time.Since(r.started) < ReportAfter {
		return ""
	}
	return fmt.Sprintf("GET %s has not answered 2xx for %s: %s", r.url, time.Since(r.started).Round(time.Second), r.lastErr)
}

// Warm probes every running container without a HEALTHCHECK once, at the
// same time, and records those that answer 2xx as ready. The sidecar calls
// it before its first pass, so a restarted sidecar sees the same ready
// containers as before and changes nothing in HAProxy.
func (p *Prober) Warm(ctx context.Context, cs []routing.Container) {
	var wg sync.WaitGroup
	for _, c := range cs {
		url, ok := probeURL(c)
		if !ok || !c.Running || c.Health != routing.HealthNone {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p.check(ctx, url) == nil {
				p.mu.Lock()
				p.ready[c.ID] = true
				p.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func (p *Prober) forgetAllBut(keep map[string]bool) {
	for id, r := range p.probing {
		if !keep[id] {
			r.cancel()
			delete(p.probing, id)
		}
	}
	for id := range p.ready {
		if !keep[id] {
			delete(p.ready, id)
		}
	}
}

func (p *Prober) startProbe(ctx context.Context, c routing.Container) {
	if _, running := p.probing[c.ID]; running {
		return
	}
	url, ok := probeURL(c)
	if !ok {
		return
	}
	// A probe outlives the pass that started it: it ends when it succeeds
	// or when a later Mark (or Stop) forgets the container.
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r := &run{cancel: cancel, url: url, started: time.Now()}
	p.probing[c.ID] = r
	go p.probeUntilReady(ctx, r, c.ID)
}

// probeURL is the health URL of c, if it has an address and valid labels
// (invalid ones are reported by routing.Build; there is nothing to probe).
func probeURL(c routing.Container) (string, bool) {
	if c.Address == "" {
		return "", false
	}
	route, err := labels.Decode(c.Labels)
	if err != nil {
		return "", false
	}
	return "http://" + net.JoinHostPort(c.Address, route.Port) + route.HealthCheckPath, true
}

func (p *Prober) probeUntilReady(ctx context.Context, r *run, id string) {
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	for {
		err := p.check(ctx, r.url)
		if err == nil {
			p.finish(r, id, true)
			return
		}
		p.mu.Lock()
		r.lastErr = err.Error()
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			// Mark's ctx ended: forget the probe so a later Mark starts
			// a new one instead of waiting on this one forever.
			p.finish(r, id, false)
			return
		case <-t.C:
		}
	}
}

// finish ends probe r of container id, recording ready if it succeeded.
// A probe that was forgotten meanwhile (the container stopped or is gone)
// changes nothing and notifies no one.
func (p *Prober) finish(r *run, id string, ready bool) {
	p.mu.Lock()
	current := p.probing[id] == r
	if current {
		delete(p.probing, id)
		r.cancel()
		if ready {
			p.ready[id] = true
		}
	}
	p.mu.Unlock()
	if current && ready && p.Notify != nil {
		p.Notify()
	}
}

// check GETs url and returns nil on a 2xx answer.
func (p *Prober) check(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := p.client.Do(req)
	if err != nil {
		var uerr *neturl.Error
		if errors.As(err, &uerr) {
			return uerr.Err
		}
		return err
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// Package probe decides whether a container may take traffic. A container
// with a Docker HEALTHCHECK is ready when Docker says healthy; one without
// is ready once an HTTP GET on its health path answered 2xx. After that,
// HAProxy's own checks guard traffic.
package probe

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/sidecar/routing"
)

// DefaultInterval is how often a starting container is probed.
const DefaultInterval = 100 * time.Millisecond

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
	cancel context.CancelFunc
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
	if _, running := p.probing[c.ID]; running || c.Address == "" {
		return
	}
	route, err := labels.Decode(c.Labels)
	if err != nil {
		return // reported by routing.Build; nothing to probe
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &run{cancel: cancel}
	p.probing[c.ID] = r
	url := "http://" + net.JoinHostPort(c.Address, route.Port) + route.HealthCheckPath
	go p.probeUntilReady(ctx, r, c.ID, url)
}

func (p *Prober) probeUntilReady(ctx context.Context, r *run, id, url string) {
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	for {
		if p.healthy(ctx, url) {
			p.finish(r, id, true)
			return
		}
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

func (p *Prober) healthy(ctx context.Context, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

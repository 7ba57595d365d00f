package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// pollers is how many connections ask HAProxy at once while waiting for a
// container to be routed.
const pollers = 4

// latency starts replicas of the base app and then new apps, one at a
// time, and reports healthy -> first routed request for each kind.
func (b *engineBench) latency(ctx context.Context, replicas, apps int) error {
	var rep, app []time.Duration
	for i := range replicas {
		name := fmt.Sprintf("bench-r-%d", i)
		d, err := b.measure(ctx, name, benchApp, benchDomain)
		if err != nil {
			return err
		}
		rep = append(rep, d)
	}
	for i := range apps {
		name := fmt.Sprintf("bench-a-%d", i)
		d, err := b.measure(ctx, name, name, name+".example.test")
		if err != nil {
			return err
		}
		app = append(app, d)
	}
	fmt.Printf("latency: container healthy (Docker health_status event) -> first request routed to it through HAProxy\n")
	report("new replica of a running app (runtime API)", rep, true)
	report("new app (validated reload)", app, false)
	return nil
}

func report(what string, ds []time.Duration, target bool) {
	if len(ds) == 0 {
		return
	}
	med := percentile(ds, 50)
	line := fmt.Sprintf("  %-44s n=%d median %s p95 %s max %s", what, len(ds), ms(med), ms(percentile(ds, 95)), ms(percentile(ds, 100)))
	if target {
		line += fmt.Sprintf(" (target median <= %s: %s)", ms(targetLatency), verdict(med <= targetLatency))
	}
	fmt.Println(line)
}

// measure starts one container and returns how long after its healthy
// event the first request reached it; the container is removed after.
func (b *engineBench) measure(ctx context.Context, name, app, domain string) (time.Duration, error) {
	if err := b.start(name, app, domain); err != nil {
		return 0, err
	}
	defer b.remove(name)
	routed, healthy, err := b.waitRouted(ctx, name, domain, 30*time.Second)
	if err != nil {
		return 0, err
	}
	return routed.Sub(healthy), nil
}

// waitRouted polls HAProxy for domain until a request is answered by the
// container with host name name, and returns when that happened and when
// the container became healthy.
func (b *engineBench) waitRouted(ctx context.Context, name, domain string, timeout time.Duration) (time.Time, time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	found := make(chan time.Time, pollers)
	var wg sync.WaitGroup
	for range pollers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.poll(ctx, domain, "host="+name+"\n", found)
		}()
	}
	var routed time.Time
	select {
	case routed = <-found:
	case <-ctx.Done():
	}
	cancel()
	wg.Wait()
	if routed.IsZero() {
		return routed, routed, fmt.Errorf("%s not routed within %s", name, timeout)
	}
	select {
	case healthy := <-b.healthyChan(name):
		return routed, healthy, nil
	case <-time.After(5 * time.Second):
		return routed, routed, fmt.Errorf("%s routed but no healthy event seen", name)
	}
}

// poll sends requests for domain on one keep-alive connection until an
// answer contains want, and sends the time it arrived to found.
func (b *engineBench) poll(ctx context.Context, domain, want string, found chan<- time.Time) {
	addr := fmt.Sprintf("127.0.0.1:%d", b.httpPort)
	c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, n, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, n, addr)
	}}}
	defer c.CloseIdleConnections()
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+domain+"/", nil)
		resp, err := c.Do(req)
		if err != nil {
			time.Sleep(time.Millisecond)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 && strings.Contains(string(body), want) {
			found <- time.Now()
			return
		}
	}
}

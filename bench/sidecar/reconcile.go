package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/apply"
)

// Targets from the issue.
const (
	targetReconcile = 100 * time.Millisecond
	targetMemory    = 64 << 20
	targetLatency   = 40 * time.Millisecond
	targetRatio     = 0.30
)

// rounds is how many passes are timed; the median is reported.
const rounds = 25

// benchReconcile times what one reconcile pass computes for apps×replicas
// containers: Build, Render, and an Applier's diff that moves one replica
// through the runtime API (the common change), on a file in a temp folder.
func benchReconcile(apps, replicas int) error {
	cs := syntheticContainers(apps, replicas)
	dir, err := os.MkdirTemp("", "haloy-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	a := &apply.Applier{Dir: dir, HAProxyDir: dir, Validator: nopHAProxy{}, Reloader: nopHAProxy{}, Runtime: newFakeRuntime()}
	ctx := context.Background()
	decoded := &routing.DecodeCache{} // as the reconcile loop keeps one
	if _, err := a.Apply(ctx, routing.BuildWith(cs, routing.Input{Decoded: decoded}).Model); err != nil {
		return fmt.Errorf("first apply: %w", err)
	}
	var build, render, diff, total []time.Duration
	for i := range rounds {
		cs[i%len(cs)].Address = fmt.Sprintf("10.9.%d.%d", i/250, i%250+1) // one replica moved
		t0 := time.Now()
		res := routing.BuildWith(cs, routing.Input{Decoded: decoded})
		t1 := time.Now()
		out, err := a.Apply(ctx, res.Model)
		t2 := time.Now()
		if err != nil || out != apply.RuntimeApplied {
			return fmt.Errorf("apply round %d: %v %v", i, out, err)
		}
		haproxy.Render(res.Model, a.Settings) // timed alone, for the breakdown
		build, diff, total = append(build, t1.Sub(t0)), append(diff, t2.Sub(t1)), append(total, t2.Sub(t0))
		render = append(render, time.Since(t2))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	med := percentile(total, 50)
	fmt.Printf("reconcile: %d apps x %d replicas = %d containers (synthetic, no engine), median of %d passes\n", apps, replicas, len(cs), rounds)
	fmt.Printf("  routing.Build    %s\n  Applier.Apply    %s (render, compare, structure check, runtime API diff of one moved replica, file write)\n    of which one haproxy.Render %s\n",
		ms(percentile(build, 50)), ms(percentile(diff, 50)), ms(percentile(render, 50)))
	fmt.Printf("  pass total       %s, fastest %s (target <= %s: %s)\n", ms(med), ms(percentile(total, 0)), ms(targetReconcile), verdict(med <= targetReconcile))
	rss, peak := procStatus("VmRSS"), procStatus("VmHWM")
	fmt.Printf("  memory           Go heap in use %s, RSS %s, peak RSS %s (target < %s: %s)\n",
		mb(int64(m.HeapInuse)), mb(rss), mb(peak), mb(targetMemory), verdict(peak < targetMemory))
	runtime.KeepAlive(cs) // the sidecar holds its containers too
	return nil
}

// syntheticContainers returns running, ready containers: app-i has replicas
// containers and two domains, one with an alias.
func syntheticContainers(apps, replicas int) []routing.Container {
	var cs []routing.Container
	created := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range apps {
		name := fmt.Sprintf("app-%04d", i)
		l := labels.Encode(labels.Route{
			AppName: name, DeploymentID: "20261130120000", Port: "8080", HealthCheckPath: "/healthz",
			Domains: []labels.Domain{
				{Canonical: name + ".example.com", Aliases: []string{"www." + name + ".example.com"}},
				{Canonical: name + ".example.net"},
			},
		})
		for r := range replicas {
			n := i*replicas + r
			cs = append(cs, routing.Container{
				ID: fmt.Sprintf("%064x", n), Name: fmt.Sprintf("%s-20261130120000-%d", name, r+1), Labels: l,
				Running: true, Ready: true, Created: created,
				Address: fmt.Sprintf("10.%d.%d.%d", 1+n/65025, n/255%255, n%255+1),
			})
		}
	}
	return cs
}

// nopHAProxy accepts every configuration and reload.
type nopHAProxy struct{}

func (nopHAProxy) Validate(context.Context, string) error { return nil }
func (nopHAProxy) Reload(context.Context) error           { return nil }

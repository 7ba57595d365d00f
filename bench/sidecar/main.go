// Command sidecar benchmarks the Haloy sidecar's routing path and prints:
//
//   - reconcile: routing.Build, haproxy.Render and an Applier's diff for a
//     synthetic model of many apps (no engine), with Go heap and RSS;
//   - latency: on the real engine, the time from a container's Docker
//     health_status "healthy" event to the first request HAProxy routes to
//     it, for a new replica of a running app (runtime API) and for a new
//     app (reload), median and p95;
//   - throughput: wrk's requests per second through HAProxy and straight to
//     the container in the same run, and their ratio.
//
// The engine parts use a running Haloy, or install one on a free
// 127.0.0.1 port with the docker-haloy plugin in -docker-config and remove
// it after; they need the images of scripts/build-images.sh and wrk.
// scripts/bench.sh runs them after the deploy benchmark.
//
// Usage:
//
//	go run ./bench/sidecar [-apps 1000] [-replicas 3]            # reconcile only
//	go run ./bench/sidecar -engine [-docker-config DIR] [-containers 50] [-new-apps 20] [-wrk 10s]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	var o options
	flag.IntVar(&o.apps, "apps", 1000, "synthetic apps for the reconcile benchmark")
	flag.IntVar(&o.replicas, "replicas", 3, "replicas per synthetic app")
	flag.BoolVar(&o.engine, "engine", false, "also run the engine benchmarks (latency, throughput)")
	flag.StringVar(&o.dockerConfig, "docker-config", "", "DOCKER_CONFIG holding docker-haloy, to install Haloy when none runs")
	flag.IntVar(&o.containers, "containers", 50, "replicas started one by one for the latency benchmark")
	flag.IntVar(&o.newApps, "new-apps", 20, "new apps started one by one for the latency benchmark")
	flag.DurationVar(&o.wrk, "wrk", 10*time.Second, "duration of each wrk run (0: skip)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the reconcile benchmark to this file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	apps, replicas      int
	engine              bool
	dockerConfig        string
	containers, newApps int
	wrk                 time.Duration
	cpuProfile          string
}

func run(ctx context.Context, o options) error {
	stopProfile, err := startProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	err = benchReconcile(o.apps, o.replicas)
	stopProfile()
	if err != nil {
		return err
	}
	if !o.engine {
		return nil
	}
	infra, err := ensureHaloy(o.dockerConfig)
	if err != nil {
		return err
	}
	defer infra.remove()
	b, err := newEngineBench(ctx, infra.httpPort)
	if err != nil {
		return err
	}
	defer b.cleanup()
	defer func() { fmt.Printf("memory: sidecar container %s (docker stats)\n", sidecarMemory()) }()
	if err := b.latency(ctx, o.containers, o.newApps); err != nil {
		return err
	}
	if o.wrk > 0 {
		return b.throughput(ctx, o.wrk)
	}
	return nil
}

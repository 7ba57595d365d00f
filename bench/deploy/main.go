// Command deploy benchmarks Haloy's deploys: it installs Haloy on
// 127.0.0.1 on a free port, deploys a 3-replica app whose image takes 2 s
// to start, has a 1 s exec-form HEALTHCHECK and no drain logic of its own,
// and then deploys it again N times under keep-alive and fresh-connection
// load, printing per deploy and in total: requests, failed requests, the
// time from "new deployment healthy" (all its containers healthy by
// Docker's events) to the first new-version response and to the last
// old-version response, the deploy's wall time, and the wall time minus
// the app's own start-up time. As a baseline it then recreates the same
// app with plain `docker-compose up -d --force-recreate` behind the same
// HAProxy and counts its failed requests.
//
// Run it with scripts/bench.sh, which builds the images and the plugin.
// It needs an engine with no Haloy installed (it removes what it made).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

// options are the command-line flags.
type options struct {
	dockerConfig   string
	image          string
	deploys        int
	composeRuns    int
	keepAlive      int
	freshPerSecond int
	sidecarImage   string
	haproxyImage   string
	verbose        bool
}

func main() {
	var o options
	flag.StringVar(&o.dockerConfig, "docker-config", "", "DOCKER_CONFIG folder holding cli-plugins/docker-haloy (required)")
	flag.StringVar(&o.image, "image", "haloy/testapp-bench:latest", "app image: 2 s start, 1 s HEALTHCHECK, no drain")
	flag.IntVar(&o.deploys, "deploys", 10, "Haloy deploys to measure")
	flag.IntVar(&o.composeRuns, "compose-runs", 3, "docker-compose recreates to measure as the baseline (0 to skip)")
	flag.IntVar(&o.keepAlive, "keepalive", 50, "keep-alive connections sending requests back to back")
	flag.IntVar(&o.freshPerSecond, "fresh", 20, "requests a second on fresh connections")
	flag.StringVar(&o.sidecarImage, "sidecar-image", "haloydev/haloy-sidecar:dev", "sidecar image for init")
	flag.StringVar(&o.haproxyImage, "haproxy-image", "haproxy:3.2", "HAProxy image for init")
	flag.BoolVar(&o.verbose, "v", false, "print each deploy's progress lines with the time they arrived")
	flag.Parse()
	if o.dockerConfig == "" {
		fmt.Fprintln(os.Stderr, "bench: -docker-config is required (scripts/bench.sh sets it)")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run installs Haloy, measures the deploys and the baseline, and tears
// everything down again.
func run(ctx context.Context, o options) error {
	h, err := install(ctx, o)
	if err != nil {
		return err
	}
	defer h.teardown()
	start := time.Now()
	deploys, err := benchDeploys(ctx, h, o)
	if err != nil {
		return err
	}
	printDeploys(os.Stdout, o, deploys)
	if o.composeRuns > 0 {
		runs, err := benchCompose(ctx, h, o)
		if err != nil {
			return err
		}
		printCompose(os.Stdout, runs)
	}
	fmt.Printf("\nbench took %s\n", time.Since(start).Round(time.Second))
	return nil
}

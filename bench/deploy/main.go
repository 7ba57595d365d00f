// Command deploy benchmarks Haloy's deploys: it installs Haloy on
// 127.0.0.1 on a free port, deploys a 3-replica app whose image takes 2 s
// to start, has a 1 s exec-form HEALTHCHECK and no drain logic of its own,
// and then deploys it again N times under keep-alive and fresh-connection
// load, printing per deploy and in total: requests, failed requests, the
// time from "new deployment healthy" (all its containers healthy by
// Docker's events) to the first new-version response and to the last
// old-version response, the deploy's wall time, and the wall time minus
// the app's own start-up time. Then it deploys N more times, each
// followed by a swap of the engine's floor under the same load: the same
// start-first swap of 3 containers done with the Docker API alone
// (create, start, wait for healthy, stop and remove the previous 3), which
// no deploy tool on this engine can beat. As a baseline it finally recreates the same app with plain `docker-compose up -d
// --force-recreate` behind the same HAProxy and counts its failed requests.
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

	"github.com/haloydev/haloy/internal/loadgen"
)

// options are the command-line flags.
type options struct {
	dockerConfig   string
	image          string
	deploys        int
	composeRuns    int
	keepAlive      int
	perConnection  int
	floor          bool
	freshPerSecond int
	port           int
	publishAddr    string
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
	flag.IntVar(&o.perConnection, "rate", 0, "requests a second on each keep-alive connection (0: back to back, saturating the machine)")
	flag.BoolVar(&o.floor, "floor", true, "after each deploy, measure the engine's floor: the same swap with the Docker API alone")
	flag.IntVar(&o.freshPerSecond, "fresh", 20, "requests a second on fresh connections")
	flag.IntVar(&o.port, "port", 0, "publish HAProxy on this port (0: a free one); for an engine in a container, the port it publishes on 127.0.0.1")
	flag.StringVar(&o.publishAddr, "publish-addr", "127.0.0.1", "address HAProxy is published on by the engine (0.0.0.0 for an engine in a container)")
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

// loadConfig is the bench's load against host through HAProxy's port.
func (o options) loadConfig(port int, host string) loadgen.Config {
	return loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", port), Host: host,
		KeepAlive: o.keepAlive, PerConnectionPerSecond: o.perConnection, FreshPerSecond: o.freshPerSecond}
}

// describeLoad says in words what load the bench makes.
func (o options) describeLoad() string {
	pace := "back to back"
	if o.perConnection > 0 {
		pace = fmt.Sprintf("%d/s each", o.perConnection)
	}
	return fmt.Sprintf("%d keep-alive connections (%s) + %d fresh/s", o.keepAlive, pace, o.freshPerSecond)
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
	res, err := benchDeploys(ctx, h, o)
	if err != nil {
		return err
	}
	printDeploys(os.Stdout, o, res.deploys)
	if len(res.floors) > 0 {
		printFloor(os.Stdout, res.paired, res.floors)
		printSteps(os.Stdout, res.paired, res.floors)
	}
	printSummary(os.Stdout, engineVersion(ctx), res)
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

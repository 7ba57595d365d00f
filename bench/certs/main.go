// Command certs benchmarks certificates: it installs Haloy on 127.0.0.1
// with Pebble (a test ACME CA, validating at once: PEBBLE_VA_NOSLEEP) as
// its CA, then deploys N apps one after another, each with a new domain
// and an alias, and prints for each the time from its container's start
// (Docker's StartedAt), and from its creation, to the first TLS handshake
// through HAProxy's HTTPS port that presents a certificate for the domain
// trusted by Pebble's root; then the minimum, median and maximum.
//
// Run it with scripts/bench.sh, which builds the images and the plugin,
// or alone after scripts/build-images.sh all and pebble:
//
//	go run ./bench/certs -docker-config DIR [-runs N]
//
// It needs an engine with no Haloy installed (it removes what it made).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"time"
)

// options are the command-line flags.
type options struct {
	dockerConfig string
	image        string
	runs         int
	alias        bool
	sidecarImage string
	haproxyImage string
	pebbleImage  string
}

func main() {
	var o options
	flag.StringVar(&o.dockerConfig, "docker-config", "", "DOCKER_CONFIG folder holding cli-plugins/docker-haloy (required)")
	flag.StringVar(&o.image, "image", "haloy/testapp:v1", "app image")
	flag.IntVar(&o.runs, "runs", 5, "apps to deploy, each with a new domain")
	flag.BoolVar(&o.alias, "alias", true, "give each domain an alias (www.DOMAIN): two names to validate")
	flag.StringVar(&o.sidecarImage, "sidecar-image", "haloydev/haloy-sidecar:dev", "sidecar image for init")
	flag.StringVar(&o.haproxyImage, "haproxy-image", "haproxy:3.2", "HAProxy image for init")
	flag.StringVar(&o.pebbleImage, "pebble-image", "haloy/pebble:v2.10.3", "Pebble image (scripts/build-images.sh pebble)")
	flag.Parse()
	if o.dockerConfig == "" || o.runs < 1 {
		fmt.Fprintln(os.Stderr, "bench: -docker-config is required (scripts/bench.sh sets it) and -runs must be at least 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run installs Haloy with Pebble, measures o.runs issuances and tears
// everything down again.
func run(ctx context.Context, o options) error {
	h, err := install(ctx, o)
	if err != nil {
		return err
	}
	defer h.teardown()
	var fromStart, fromCreated []time.Duration
	for i := 1; i <= o.runs; i++ {
		is, err := h.measure(ctx, i)
		if err != nil {
			return err
		}
		fmt.Printf("issuance %d: trusted certificate served %s after the container's start, %s after its creation\n",
			i, is.fromStart.Round(10*time.Millisecond), is.fromCreated.Round(10*time.Millisecond))
		fromStart, fromCreated = append(fromStart, is.fromStart), append(fromCreated, is.fromCreated)
	}
	h.printSidecarTimes(ctx)
	fmt.Printf("\n%d issuances, %d names each, trusted certificate served through HAProxy (target <= 3 s):\n", o.runs, names(o))
	fmt.Printf("  container start -> served     %s\n", spread(fromStart))
	fmt.Printf("  container created -> served   %s\n", spread(fromCreated))
	fmt.Println("  (the sidecar sees a container once it is created, so its order can begin before the start)")
	return nil
}

// spread renders min / median / max of ds.
func spread(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
	return fmt.Sprintf("min %s  median %s  max %s", r(s[0]), r(s[len(s)/2]), r(s[len(s)-1]))
}

// names is how many names each certificate covers.
func names(o options) int {
	if o.alias {
		return 2
	}
	return 1
}

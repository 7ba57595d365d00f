package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run is main with an exit code: 0 on success, 1 on failure, 2 on bad usage.
func run(args []string) int {
	o, err := parseOptions(args, os.LookupEnv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		return 2
	}
	if o.healthcheck {
		return healthcheck(o)
	}
	return runServer(o)
}

// healthcheck probes the local server and reports the result as an exit code.
func healthcheck(o options) int {
	if err := probe(healthURL(o.port())); err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		return 1
	}
	return 0
}

// runServer serves until SIGTERM or SIGINT.
func runServer(o options) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	host, _ := os.Hostname()
	a := &app{version: o.version, host: host, unhealthy: o.unhealthy, slow: o.slow}
	logger := log.New(os.Stderr, "testapp: ", log.LstdFlags)
	if err := listenAndServe(ctx, o, a, logger); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

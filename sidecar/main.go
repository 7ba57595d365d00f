// Command haloy-sidecar watches the Docker Engine for containers with
// dev.haloy.* labels and keeps HAProxy routing to them. Its one-shot
// subcommands (status, history, version, ...) are documented in package
// subcmd; an unknown subcommand is refused, never run as a second daemon.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/daemon"
	"github.com/haloydev/haloy/sidecar/metrics"
	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/sidecar/subcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := subcmd.Check(os.Args[1:], "guard"); err != nil {
		fmt.Fprintln(os.Stderr, "haloy-sidecar:", err)
		os.Exit(2)
	}
	if len(os.Args) > 1 && subcmd.Is(os.Args[1]) {
		exitOn(subcmd.Run(ctx, os.Args[1:], os.Stdout))
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "guard" {
		exitOn(runGuard(ctx, os.Args[2:]))
		return
	}
	var cfg daemon.Config
	flag.StringVar(&cfg.Network, "network", daemon.DefaultNetwork, "Docker network shared with apps and HAProxy")
	flag.StringVar(&cfg.HAProxyContainer, "haproxy-container", daemon.DefaultHAProxyContainer, "name of the HAProxy container")
	flag.StringVar(&cfg.GuardContainer, "guard-container", "", "name of the guard container to bring back when it dies (empty: none)")
	flag.StringVar(&cfg.ConfigDir, "config-dir", daemon.DefaultConfigDir, "shared HAProxy folder as mounted in the sidecar")
	flag.StringVar(&cfg.HAProxyDir, "haproxy-dir", daemon.DefaultHAProxyDir, "shared HAProxy folder as mounted in HAProxy")
	flag.StringVar(&cfg.Listen, "listen", daemon.DefaultListen, "HTTP listen address (ACME challenges)")
	flag.StringVar(&cfg.MetricsListen, "metrics-listen", metrics.DefaultListen, "Prometheus metrics listen address")
	flag.IntVar(&cfg.HAProxyMetricsPort, "haproxy-metrics-port", 0, "port HAProxy serves its Prometheus exporter on (0: off)")
	flag.Func("trusted-proxies", "comma-separated addresses and CIDR networks (e.g. a load balancer) whose X-Forwarded-For/-Proto/-Host HAProxy keeps; every other client's are replaced", func(v string) (err error) {
		cfg.TrustedProxies, err = haproxy.ParseTrustedProxies(v)
		return err
	})
	flag.BoolVar(&cfg.RegisteredOnly, "registered-only", false, "route only deployments registered by docker haloy or the API (refuse plain Compose apps)")
	daemon.ACMELimitFlags(flag.CommandLine, &cfg.ACMELimits)
	flag.StringVar(&cfg.OwnershipFile, "ownership-file", ownership.DefaultFile, "file on the data volume keeping which app owns which domain")
	flag.DurationVar(&cfg.DomainGrace, "domain-grace", ownership.DefaultGrace, "how long an app with no containers keeps its domains")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "haloy-sidecar: unexpected argument %q after the daemon's flags (subcommands come first: %s)\n", flag.Arg(0), strings.Join(subcmd.Names, ", "))
		os.Exit(2)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	exitOn(daemon.Run(ctx, cfg, log))
}

// runGuard runs `haloy-sidecar guard [-sidecar-container NAME]`.
func runGuard(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("guard", flag.ContinueOnError)
	name := fs.String("sidecar-container", daemon.DefaultSidecarContainer, "name of the sidecar container to bring back when it dies")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return daemon.Guard(ctx, *name, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "haloy-sidecar:", err)
		os.Exit(1)
	}
}

package daemon

import (
	"flag"
	"fmt"
	"strings"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/metrics"
	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/sidecar/subcmd"
)

// ParseFlags reads the sidecar's command line (without the program name)
// into a Config. The flags init passes are named in package contract.
func ParseFlags(fs *flag.FlagSet, args []string) (Config, error) {
	var cfg Config
	fs.StringVar(&cfg.Network, "network", DefaultNetwork, "Docker network shared with apps and HAProxy")
	fs.StringVar(&cfg.HAProxyContainer, contract.FlagHAProxyContainer, DefaultHAProxyContainer, "name of the HAProxy container")
	fs.StringVar(&cfg.GuardContainer, contract.FlagGuardContainer, "", "name of the guard container to bring back when it dies (empty: none)")
	fs.StringVar(&cfg.ConfigDir, contract.FlagConfigDir, DefaultConfigDir, "shared HAProxy folder as mounted in the sidecar")
	fs.StringVar(&cfg.HAProxyDir, contract.FlagHAProxyDir, DefaultHAProxyDir, "shared HAProxy folder as mounted in HAProxy")
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "HTTP listen address (ACME challenges)")
	fs.StringVar(&cfg.MetricsListen, "metrics-listen", metrics.DefaultListen, "Prometheus metrics listen address")
	fs.IntVar(&cfg.HAProxyMetricsPort, contract.FlagHAProxyMetricsPort, 0, "port HAProxy serves its Prometheus exporter on (0: off)")
	fs.Func(contract.FlagTrustedProxies, "comma-separated addresses and CIDR networks (e.g. a load balancer) whose X-Forwarded-For/-Proto/-Host HAProxy keeps; every other client's are replaced", func(v string) (err error) {
		cfg.TrustedProxies, err = haproxy.ParseTrustedProxies(v)
		return err
	})
	fs.BoolVar(&cfg.RegisteredOnly, "registered-only", false, "route only deployments registered by docker haloy or the API (refuse plain Compose apps)")
	ACMELimitFlags(fs, &cfg.ACMELimits)
	fs.StringVar(&cfg.OwnershipFile, "ownership-file", ownership.DefaultFile, "file on the data volume keeping which app owns which domain")
	fs.StringVar(&cfg.FollowListen, "follow-listen", DefaultFollowListen, "address followers (HAProxy on other ingress nodes) poll the routing state on")
	fs.DurationVar(&cfg.DomainGrace, "domain-grace", ownership.DefaultGrace, "how long an app with no containers keeps its domains")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q after the daemon's flags (subcommands come first: %s)", fs.Arg(0), strings.Join(subcmd.Names, ", "))
	}
	return cfg, nil
}

// ParseGuardFlags reads `guard [-sidecar-container NAME]`'s flags (after
// the subcommand) and returns the container to bring back.
func ParseGuardFlags(args []string) (string, error) {
	fs := flag.NewFlagSet(contract.GuardCommand, flag.ContinueOnError)
	name := fs.String(contract.FlagSidecarContainer, DefaultSidecarContainer, "name of the sidecar container to bring back when it dies")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	return *name, nil
}

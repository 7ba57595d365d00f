package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// options is the parsed command line and environment.
type options struct {
	listen      string
	version     string
	startDelay  time.Duration
	unhealthy   bool
	healthcheck bool
	slow        time.Duration
	noDrain     bool
}

// lookupFunc reads an environment variable, like os.LookupEnv.
type lookupFunc func(key string) (string, bool)

// parseOptions reads flags from args, taking defaults from the environment
// through lookup. An explicit flag wins over its variable, except PORT, which
// always replaces the port of the listen address.
func parseOptions(args []string, lookup lookupFunc, errOut io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("testapp", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&o.listen, "listen", ":80", "address to serve on; env PORT replaces its port")
	fs.StringVar(&o.version, "version", envString(lookup, "APP_VERSION", "dev"), "version to report (env APP_VERSION)")
	fs.DurationVar(&o.startDelay, "start-delay", 0, "wait this long before listening (env START_DELAY)")
	fs.BoolVar(&o.unhealthy, "unhealthy", false, "answer /healthz with 503 (env UNHEALTHY=1)")
	fs.DurationVar(&o.slow, "slow", 0, "delay added to every response (env SLOW)")
	fs.BoolVar(&o.noDrain, "no-drain", false, "on SIGTERM close every connection and exit at once, like an app without drain logic (env NO_DRAIN=1)")
	fs.BoolVar(&o.healthcheck, "healthcheck", false, "GET /healthz on 127.0.0.1 and exit 0 on 2xx, else 1")
	if err := envDefaults(fs, lookup); err != nil {
		return o, err
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q: testapp takes flags only", fs.Arg(0))
	}
	return o, applyPort(&o, lookup)
}

// envString returns the variable key, or def when it is unset or empty.
func envString(lookup lookupFunc, key, def string) string {
	if v, ok := lookup(key); ok && v != "" {
		return v
	}
	return def
}

// envDefaults sets the defaults of the duration and bool flags from their
// environment variables, so that invalid values are reported by name.
func envDefaults(fs *flag.FlagSet, lookup lookupFunc) error {
	for flagName, key := range map[string]string{
		"start-delay": "START_DELAY",
		"unhealthy":   "UNHEALTHY",
		"slow":        "SLOW",
		"no-drain":    "NO_DRAIN",
	} {
		v, ok := lookup(key)
		if !ok || v == "" {
			continue
		}
		if err := fs.Set(flagName, v); err != nil {
			return fmt.Errorf("reading %s=%q: %w", key, v, err)
		}
	}
	return nil
}

// applyPort replaces the port of o.listen with PORT when it is set.
func applyPort(o *options, lookup lookupFunc) error {
	host, _, err := net.SplitHostPort(o.listen)
	if err != nil {
		return fmt.Errorf("reading -listen %q: %w", o.listen, err)
	}
	port, ok := lookup("PORT")
	if !ok || port == "" {
		return nil
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("reading PORT=%q: not a port number", port)
	}
	o.listen = net.JoinHostPort(host, port)
	return nil
}

// port is the port part of the listen address.
func (o options) port() string {
	_, port, _ := net.SplitHostPort(o.listen)
	return port
}

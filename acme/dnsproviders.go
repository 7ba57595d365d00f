package acme

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/providers/dns/cloudflare"
	"github.com/go-acme/lego/v5/providers/dns/digitalocean"
	"github.com/go-acme/lego/v5/providers/dns/dnsupdate"
	"github.com/go-acme/lego/v5/providers/dns/hetzner"
	"github.com/haloydev/haloy/labels"
)

// ErrDNSCredentialMissing says that a DNS provider's required variable is
// not in the credentials given to the sidecar.
var ErrDNSCredentialMissing = errors.New("missing DNS provider credential")

// dnsProviderBuilders make each linked lego DNS provider from the
// credentials, by labels.DNSProviders name. Each provider is built from
// its Config, never from the process environment.
var dnsProviderBuilders = map[string]func(c DNSCredentials) (challenge.Provider, error){
	labels.DNSProviderRFC2136:   newRFC2136,
	labels.DNSProviderDNSUpdate: newRFC2136,
	"cloudflare":                newCloudflare,
	"digitalocean":              newDigitalOcean,
	"hetzner":                   newHetzner,
}

// newDNSProvider builds the provider called name from c.
func newDNSProvider(name string, c DNSCredentials) (challenge.Provider, error) {
	build, ok := dnsProviderBuilders[name]
	if !ok {
		return nil, fmt.Errorf("DNS provider %q is not linked: want one of %s", name, strings.Join(labels.DNSProviders, ", "))
	}
	p, err := build(c)
	if err != nil {
		return nil, fmt.Errorf("DNS provider %s: %w", name, err)
	}
	return p, nil
}

// newRFC2136 is lego's dnsupdate provider: RFC 2136 updates signed with a
// TSIG key (required: Haloy never sends unsigned updates). Variables may
// use lego's DNSUPDATE_ or its former RFC2136_ prefix.
func newRFC2136(c DNSCredentials) (challenge.Provider, error) {
	v := func(suffix string) string { return c.first("DNSUPDATE_"+suffix, "RFC2136_"+suffix) }
	for _, s := range []string{"NAMESERVER", "TSIG_KEY", "TSIG_SECRET"} {
		if v(s) == "" {
			return nil, missing("DNSUPDATE_"+s, "RFC2136_"+s)
		}
	}
	cfg := dnsupdate.NewDefaultConfig()
	cfg.Nameserver, cfg.TSIGKey, cfg.TSIGSecret = v("NAMESERVER"), v("TSIG_KEY"), v("TSIG_SECRET")
	cfg.TSIGAlgorithm = orDefault(v("TSIG_ALGORITHM"), "hmac-sha256.")
	if z := v("ZONES"); z != "" {
		cfg.Zones = strings.Split(z, ",")
	}
	t := timings{c: c, prefixes: []string{"DNSUPDATE_", "RFC2136_"}}
	err := t.common(&cfg.TTL, &cfg.PropagationTimeout, &cfg.PollingInterval)
	cfg.SequenceInterval = t.seconds("SEQUENCE_INTERVAL", cfg.SequenceInterval, &err)
	cfg.DNSTimeout = t.seconds("DNS_TIMEOUT", cfg.DNSTimeout, &err)
	if err != nil {
		return nil, err
	}
	return dnsupdate.NewDNSProviderConfig(cfg)
}

// newCloudflare takes an API token with Zone:Read and DNS:Edit.
func newCloudflare(c DNSCredentials) (challenge.Provider, error) {
	token := c.first("CLOUDFLARE_DNS_API_TOKEN", "CF_DNS_API_TOKEN")
	if token == "" {
		return nil, missing("CLOUDFLARE_DNS_API_TOKEN", "CF_DNS_API_TOKEN")
	}
	cfg := cloudflare.NewDefaultConfig()
	cfg.AuthToken = token
	cfg.ZoneToken = c.first("CLOUDFLARE_ZONE_API_TOKEN", "CF_ZONE_API_TOKEN")
	t := timings{c: c, prefixes: []string{"CLOUDFLARE_", "CF_"}}
	if err := t.common(&cfg.TTL, &cfg.PropagationTimeout, &cfg.PollingInterval); err != nil {
		return nil, err
	}
	return cloudflare.NewDNSProviderConfig(cfg)
}

// newDigitalOcean takes a personal access token with write scope.
func newDigitalOcean(c DNSCredentials) (challenge.Provider, error) {
	if c["DO_AUTH_TOKEN"] == "" {
		return nil, missing("DO_AUTH_TOKEN")
	}
	cfg := digitalocean.NewDefaultConfig()
	cfg.AuthToken = c["DO_AUTH_TOKEN"]
	t := timings{c: c, prefixes: []string{"DO_"}}
	if err := t.common(&cfg.TTL, &cfg.PropagationTimeout, &cfg.PollingInterval); err != nil {
		return nil, err
	}
	return digitalocean.NewDNSProviderConfig(cfg)
}

// newHetzner takes a Hetzner Cloud API token.
func newHetzner(c DNSCredentials) (challenge.Provider, error) {
	if c["HETZNER_API_TOKEN"] == "" {
		return nil, missing("HETZNER_API_TOKEN")
	}
	cfg := hetzner.NewDefaultConfig()
	cfg.APIToken = c["HETZNER_API_TOKEN"]
	t := timings{c: c, prefixes: []string{"HETZNER_"}}
	if err := t.common(&cfg.TTL, &cfg.PropagationTimeout, &cfg.PollingInterval); err != nil {
		return nil, err
	}
	return hetzner.NewDNSProviderConfig(cfg)
}

// missing is ErrDNSCredentialMissing naming the variable (and its
// alternative names) and the fix.
func missing(name string, alternatives ...string) error {
	also := ""
	if len(alternatives) > 0 && alternatives[0] == name {
		alternatives = alternatives[1:]
	}
	if len(alternatives) > 0 {
		also = " (or " + strings.Join(alternatives, ", ") + ")"
	}
	return fmt.Errorf("%w %s%s: add it to the file given to docker haloy init --acme-dns-env-file", ErrDNSCredentialMissing, name, also)
}

// first returns the first non-empty value of names.
func (c DNSCredentials) first(names ...string) string {
	for _, n := range names {
		if v := c[n]; v != "" {
			return v
		}
	}
	return ""
}

// timings reads a provider's optional numeric settings under any of its
// prefixes; the first bad value is kept in *err.
type timings struct {
	c        DNSCredentials
	prefixes []string
}

// value returns the setting suffix and the name it was found under.
func (t timings) value(suffix string) (string, string) {
	for _, p := range t.prefixes {
		if v := t.c[p+suffix]; v != "" {
			return v, p + suffix
		}
	}
	return "", ""
}

// common reads the settings every provider has: TTL,
// PROPAGATION_TIMEOUT and POLLING_INTERVAL, over their defaults.
func (t timings) common(ttl *int, propagation, polling *time.Duration) error {
	var err error
	*ttl = t.int("TTL", *ttl, &err)
	*propagation = t.propagation(*propagation, &err)
	*polling = t.seconds("POLLING_INTERVAL", *polling, &err)
	return err
}

// int reads a whole number.
func (t timings) int(suffix string, def int, err *error) int {
	v, name := t.value(suffix)
	if v == "" || *err != nil {
		return def
	}
	n, e := strconv.Atoi(v)
	if e != nil || n < 0 {
		*err = fmt.Errorf("%s is not a whole number of seconds", name)
		return def
	}
	return n
}

// seconds reads a number of seconds.
func (t timings) seconds(suffix string, def time.Duration, err *error) time.Duration {
	return time.Duration(t.int(suffix, int(def/time.Second), err)) * time.Second
}

// propagation reads PROPAGATION_TIMEOUT, capped at MaxDNSPropagationTimeout.
func (t timings) propagation(def time.Duration, err *error) time.Duration {
	d := t.seconds("PROPAGATION_TIMEOUT", def, err)
	if d > MaxDNSPropagationTimeout || d <= 0 {
		_, name := t.value("PROPAGATION_TIMEOUT")
		if *err == nil {
			*err = fmt.Errorf("%s must be from 1 to %d seconds", name, int(MaxDNSPropagationTimeout/time.Second))
		}
	}
	return d
}

// orDefault returns v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

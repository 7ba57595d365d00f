package acme

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Caps of a DNS credentials file: it is read whole into memory.
const (
	// MaxDNSCredentialsFile is the largest credentials file read.
	MaxDNSCredentialsFile = 64 << 10
	// maxDNSCredentialValue is the longest value of one variable.
	maxDNSCredentialValue = 8 << 10
)

// MaxDNSPropagationTimeout caps every provider's propagation timeout
// (<PROVIDER>_PROPAGATION_TIMEOUT): a DNS-01 attempt waits at most this
// long for its TXT record before it fails and backs off.
const MaxDNSPropagationTimeout = 10 * time.Minute

// DNSResolversVariable lists, comma-separated as host:port, the DNS
// servers the sidecar asks whether a TXT record is visible (and which zone
// a name is in). Without it lego uses the resolvers of /etc/resolv.conf
// and then asks the zone's authoritative servers.
const DNSResolversVariable = "HALOY_DNS_RESOLVERS"

// credentialName is the form of a variable name: lego's provider
// variables are upper case, digits and '_'.
var credentialName = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,127}$`)

// DNSCredentials are the DNS providers' settings and secrets, by lego's
// variable names (DNSUPDATE_TSIG_SECRET, CLOUDFLARE_DNS_API_TOKEN, ...).
// They are given to the sidecar as a file, never as labels or haloy.yaml
// keys, and no error or log ever contains a value.
type DNSCredentials map[string]string

// ReadDNSCredentialsFile reads path (see ParseDNSCredentials).
func ReadDNSCredentialsFile(path string) (DNSCredentials, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading DNS credentials: %w", err)
	}
	defer f.Close()
	c, err := ParseDNSCredentials(f)
	if err != nil {
		return nil, fmt.Errorf("reading DNS credentials %s: %w", path, err)
	}
	return c, nil
}

// ParseDNSCredentials reads NAME=VALUE lines; blank lines and lines
// starting with '#' are skipped, a value may be wrapped in one pair of
// double or single quotes. Errors name the line, never the value.
func ParseDNSCredentials(r io.Reader) (DNSCredentials, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDNSCredentialsFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDNSCredentialsFile {
		return nil, fmt.Errorf("larger than %d bytes", MaxDNSCredentialsFile)
	}
	out := DNSCredentials{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), MaxDNSCredentialsFile)
	for n := 1; sc.Scan(); n++ {
		if err := out.parseLine(strings.TrimSpace(sc.Text())); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	return out, sc.Err()
}

// parseLine adds one NAME=VALUE line.
func (c DNSCredentials) parseLine(line string) error {
	if line == "" || strings.HasPrefix(line, "#") {
		return nil
	}
	name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
	name = strings.TrimSpace(name)
	switch {
	case !ok:
		return errors.New("want NAME=VALUE, e.g. DNSUPDATE_NAMESERVER=192.0.2.53:53")
	case !credentialName.MatchString(name):
		return fmt.Errorf("%q is not a variable name: use upper-case letters, digits and '_', as lego's provider documentation names them", name)
	case len(value) > maxDNSCredentialValue:
		return fmt.Errorf("the value of %s is longer than %d bytes", name, maxDNSCredentialValue)
	}
	if _, dup := c[name]; dup {
		return fmt.Errorf("%s is set twice", name)
	}
	c[name] = unquote(strings.TrimSpace(value))
	return nil
}

// unquote removes one pair of matching quotes around v.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// Names returns the variable names, sorted: what may be logged.
func (c DNSCredentials) Names() []string {
	names := make([]string, 0, len(c))
	for n := range c {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Resolvers returns the servers of DNSResolversVariable, each host:port
// (port 53 added when missing).
func (c DNSCredentials) Resolvers() []string {
	var out []string
	for _, s := range strings.Split(c[DNSResolversVariable], ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !strings.Contains(s, ":") || strings.HasSuffix(s, "]") {
			s += ":53"
		}
		out = append(out, s)
	}
	return out
}

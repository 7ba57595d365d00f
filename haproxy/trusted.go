package haproxy

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseTrustedProxies parses a comma-separated list of IP addresses and
// CIDR networks ("10.0.0.0/8,192.0.2.7") into Settings.TrustedProxies,
// in canonical form. An empty list trusts no proxy.
func ParseTrustedProxies(list string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked().String())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an IP address nor a CIDR network (like 10.0.0.0/8)", f)
		}
		out = append(out, a.String())
	}
	return out, nil
}

package haproxy

import (
	"sort"
	"strings"

	"github.com/haloydev/haloy/labels"
)

// hostSet splits host names into exact names and wildcard suffixes
// ("*.example.com" becomes ".example.com"), each sorted.
type hostSet struct {
	exact    []string
	suffixes []string
}

// Host names are lower-cased, like the request's host (hostVar), so
// matching is case-insensitive.
func newHostSet(names []string) hostSet {
	var h hostSet
	for _, n := range names {
		n = strings.ToLower(n)
		if rest, ok := strings.CutPrefix(n, "*."); ok {
			h.suffixes = append(h.suffixes, "."+rest)
			continue
		}
		h.exact = append(h.exact, n)
	}
	sort.Strings(h.exact)
	sort.Strings(h.suffixes)
	return h
}

// aclLines declares exact for the exact host names and wild for the
// wildcard suffixes; an empty group declares nothing. Long lists are
// split over several lines of the same ACL (HAProxy ORs them), so no
// line exceeds HAProxy's word or length limits (see aclValueLines).
func (h hostSet) aclLines(exact, wild string) []string {
	out := aclValueLines("acl "+exact+" var("+hostVar+") -m str", h.exact)
	return append(out, aclValueLines("acl "+wild+" var("+hostVar+") -m end", h.suffixes)...)
}

// isWildcard reports whether name is a "*." wildcard domain.
func isWildcard(name string) bool {
	return strings.HasPrefix(name, "*.")
}

// sortedDomains returns the domains ordered by canonical name, each with
// its aliases sorted. The input is not modified.
func sortedDomains(ds []labels.Domain) []labels.Domain {
	out := make([]labels.Domain, len(ds))
	for i, d := range ds {
		out[i] = labels.Domain{Canonical: d.Canonical, Aliases: append([]string(nil), d.Aliases...)}
		sort.Strings(out[i].Aliases)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Canonical < out[j].Canonical })
	return out
}

// checkHost is the Host header of an app's health checks: its first
// canonical domain that is not a wildcard, or "" when it has none.
func checkHost(a App) string {
	for _, d := range a.Domains {
		if !isWildcard(d.Canonical) {
			return d.Canonical
		}
	}
	return ""
}

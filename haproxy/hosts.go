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

func newHostSet(names []string) hostSet {
	var h hostSet
	for _, n := range names {
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

// aclLines declares name for the exact host names and name+"_wild" for the
// wildcard suffixes; an empty group declares nothing.
func (h hostSet) aclLines(name string) []string {
	var out []string
	if len(h.exact) > 0 {
		out = append(out, "acl "+name+" var("+hostVar+") -m str "+strings.Join(h.exact, " "))
	}
	if len(h.suffixes) > 0 {
		out = append(out, "acl "+name+wildSuffix+" var("+hostVar+") -m end "+strings.Join(h.suffixes, " "))
	}
	return out
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

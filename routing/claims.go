package routing

import (
	"sort"
	"strings"

	"github.com/haloydev/haloy/labels"
)

// sortByClaimOrder orders apps by when they were first seen (their oldest
// container), so the app that routed a domain first keeps it.
func sortByClaimOrder(plans []appPlan) {
	sort.Slice(plans, func(i, j int) bool {
		if !plans[i].firstSeen.Equal(plans[j].firstSeen) {
			return plans[i].firstSeen.Before(plans[j].firstSeen)
		}
		return plans[i].name < plans[j].name
	})
}

// claimDomains gives each host name owned in owners to its owner only and
// any other host name to the first app claiming it, dropping it from the
// others and reporting each dropped name as a Problem. An app's variants
// claim their domains too (the serving route's first), each refused name
// reported once.
func claimDomains(plans []appPlan, owners Owners) []Problem {
	owner := map[string]string{}
	var problems []Problem
	for i := range plans {
		p := &plans[i]
		reported := map[string]bool{}
		p.route.Domains = claimRoute(p, p.route.Domains, owner, owners, reported, &problems)
		for v := range p.variants {
			p.variants[v].route.Domains = claimRoute(p, p.variants[v].route.Domains, owner, owners, reported, &problems)
		}
	}
	return problems
}

// claimRoute returns the domains of one route of p that p may route.
func claimRoute(p *appPlan, domains []labels.Domain, owner map[string]string, owners Owners, reported map[string]bool, problems *[]Problem) []labels.Domain {
	var kept []labels.Domain
	for _, d := range domains {
		if o, ok := ownedByOther(owners, d.Canonical, p.name); ok {
			report(reported, d.Canonical, problems, ownedProblem(*p, d.Canonical, o))
			continue
		}
		if prev, taken := owner[d.Canonical]; taken && prev != p.name {
			report(reported, d.Canonical, problems, domainProblem(*p, d.Canonical, prev))
			continue
		}
		owner[d.Canonical] = p.name
		d.Aliases = claimAliases(p, d.Aliases, owner, owners, reported, problems)
		kept = append(kept, d)
	}
	return kept
}

// report adds pr unless host was reported for this app already.
func report(reported map[string]bool, host string, problems *[]Problem, pr Problem) {
	if !reported[host] {
		reported[host] = true
		*problems = append(*problems, pr)
	}
}

func claimAliases(p *appPlan, aliases []string, owner map[string]string, owners Owners, reported map[string]bool, problems *[]Problem) []string {
	var kept []string
	for _, a := range aliases {
		if o, ok := ownedByOther(owners, a, p.name); ok {
			report(reported, a, problems, ownedProblem(*p, a, o))
			continue
		}
		if prev, taken := owner[a]; taken && prev != p.name {
			report(reported, a, problems, domainProblem(*p, a, prev))
			continue
		}
		owner[a] = p.name
		kept = append(kept, a)
	}
	return kept
}

func domainProblem(p appPlan, host, owner string) Problem {
	return claimProblem(p, host, "domain "+host+" is already routed to app "+owner,
		"give each domain to one app only; remove it from "+p.name+" or from "+owner)
}

// claimProblem reports that p's claim of host was refused, on the label
// of p's route source that holds host.
func claimProblem(p appPlan, host, reason, hint string) Problem {
	src := p.routeSource()
	return Problem{Container: src.Name, App: p.name, Label: domainLabelOf(src.Labels, host), Reason: reason, Hint: hint}
}

// domainLabelOf returns the domain or alias label holding host. Domain
// indexes may have gaps, so the label cannot be derived from the domain's
// position; labels.Decode guarantees each name appears in one label only.
func domainLabelOf(l map[string]string, host string) string {
	for k, v := range l {
		if v == host && strings.HasPrefix(k, labels.DomainPrefix) {
			return k
		}
	}
	return ""
}

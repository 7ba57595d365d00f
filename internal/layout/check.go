package layout

import (
	"fmt"
	"sort"
	"strings"
)

// Package is one package of the graph: its import path and every package
// it depends on, directly or not (go list's Deps, tests excluded).
type Package struct {
	ImportPath string
	Deps       []string
}

// Violation is one forbidden dependency.
type Violation struct {
	// Rule is the rule's name.
	Rule string
	// Package depends on Dep.
	Package, Dep string
}

// String reads "rule: package -> dep".
func (v Violation) String() string {
	return fmt.Sprintf("%s: %s -> %s", v.Rule, v.Package, v.Dep)
}

// Check returns every violation of rules in pkgs, sorted.
func Check(pkgs []Package, rules []Rule) []Violation {
	var out []Violation
	for _, r := range rules {
		for _, p := range pkgs {
			if !underAny(p.ImportPath, r.From) {
				continue
			}
			for _, d := range p.Deps {
				if underAny(d, r.Forbidden) {
					out = append(out, Violation{Rule: r.Name, Package: p.ImportPath, Dep: d})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// underAny reports whether path is one of prefixes or below one.
func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		full := qualify(p)
		if path == full || strings.HasPrefix(path, full+"/") {
			return true
		}
	}
	return false
}

// qualify makes a module-relative prefix a full import path.
func qualify(p string) string {
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
		return p
	}
	return Module + "/" + p
}

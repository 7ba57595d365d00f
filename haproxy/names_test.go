package haproxy

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// trickyAppNames are valid app names that concatenation-based naming
// confuses with each other or with the fixed ACLs.
var trickyAppNames = []string{
	"shop", "shop_wild", "shop-wild", "shop_wild_0", "a", "a_b", "a-b", "a_0", "a_0_1", "a_1",
	"host", "host_wild", "alias", "alias_wild", "alias_a", "wild", "known_host", "known", "has_cert",
	"acme_challenge", "0", "00", "x_0_wild",
}

// randomAppNames returns n valid app names over a small alphabet full of
// separators, so that prefixes and suffixes of each other are common.
func randomAppNames(n int) []string {
	r := rand.New(rand.NewPCG(11, 3))
	const first, rest = "ab0", "ab0_-"
	var out []string
	for range n {
		b := []byte{first[r.IntN(len(first))]}
		for range r.IntN(6) {
			b = append(b, rest[r.IntN(len(rest))])
		}
		if labels.ValidateAppName(string(b)) == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// uniqueAppModel gives every app exact, wildcard, alias and wildcard-alias
// hosts that name the app, so any host in the rendered text tells its owner.
func uniqueAppModel(names []string) (Model, map[string]string) {
	var m Model
	owner := map[string]string{}
	seen := map[string]bool{}
	for i, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		d := func(kind string) string { return fmt.Sprintf("%s%d.example.com", kind, i) }
		domains := []labels.Domain{
			{Canonical: d("exact"), Aliases: []string{d("alias"), "*." + d("aliaswild")}},
			{Canonical: "*." + d("wild"), Aliases: []string{d("wildalias")}},
			{Canonical: d("second"), Aliases: []string{d("secondalias")}},
		}
		for _, dom := range domains {
			for _, h := range append([]string{dom.Canonical}, dom.Aliases...) {
				owner[strings.TrimPrefix(h, "*")] = name
			}
		}
		m.Apps = append(m.Apps, App{Name: name, Domains: domains, HealthCheckPath: "/"})
	}
	return m, owner
}

var aclDecl = regexp.MustCompile(`^\s*acl (\S+) var\(` + regexp.QuoteMeta(hostVar) + `\) -m (?:str|end) (.*)$`)

// TestACLNamesCannotCollide renders many apps with confusable names and
// checks that every ACL holds the hosts of one app only (or, for
// known_host, is the fixed one), and that every use_backend names the
// backend of the app that owns its ACL.
func TestACLNamesCannotCollide(t *testing.T) {
	names := append(append([]string(nil), trickyAppNames...), randomAppNames(400)...)
	m, owner := uniqueAppModel(names)
	cfg := string(Render(m, testSettings))
	aclOwner := map[string]string{}
	for line := range strings.Lines(cfg) {
		g := aclDecl.FindStringSubmatch(strings.TrimRight(line, "\n"))
		if g == nil || g[1] == knownHostACL {
			continue
		}
		for _, host := range strings.Fields(g[2]) {
			app := owner[host]
			if app == "" {
				t.Fatalf("acl %s: host %q belongs to no app", g[1], host)
			}
			if prev, ok := aclOwner[g[1]]; ok && prev != app {
				t.Errorf("acl %s holds hosts of apps %q and %q", g[1], prev, app)
			}
			aclOwner[g[1]] = app
		}
	}
	useBackend := regexp.MustCompile(`(?m)^\s*use_backend (\S+) if (\S+)$`)
	for _, g := range useBackend.FindAllStringSubmatch(cfg, -1) {
		if app, ok := aclOwner[g[2]]; ok && BackendName(app) != g[1] {
			t.Errorf("use_backend %s if %s: the ACL belongs to app %q", g[1], g[2], app)
		}
	}
	if len(aclOwner) < 5*len(m.Apps) {
		t.Errorf("found %d app ACLs for %d apps, want at least 5 each", len(aclOwner), len(m.Apps))
	}
}

func TestACLNameIsInjective(t *testing.T) {
	names := append(append([]string(nil), trickyAppNames...), randomAppNames(300)...)
	kinds := []string{aclHost, aclHostWild, aclAlias, aclAliasWild}
	fixed := map[string]bool{knownHostACL: true, hasCertACL: true, "acme_challenge": true}
	seen := map[string]string{}
	var ids []string
	for _, app := range names {
		// An app with variants names its ACLs after "<app>.<key>".
		ids = append(ids, app, app+".v0a1b2c3d4e5f", app+".v1")
	}
	for _, app := range ids {
		for _, kind := range append(kinds, aclServes) {
			for index := -1; index < 12; index++ {
				key := fmt.Sprintf("%s/%s/%d", kind, app, index)
				n := aclName(kind, app, index)
				if fixed[n] {
					t.Errorf("%s gives the fixed ACL name %q", key, n)
				}
				if prev, ok := seen[n]; ok && prev != key {
					t.Errorf("%s and %s both give %q", prev, key, n)
				}
				seen[n] = key
			}
		}
	}
}

func TestBackendNameIsInjective(t *testing.T) {
	fixed := map[string]bool{BackendChallenge: true, BackendNotFound: true, FrontendHTTP: true, FrontendHTTPS: true}
	seen := map[string]string{}
	for _, app := range append(append([]string(nil), trickyAppNames...), randomAppNames(300)...) {
		b := BackendName(app)
		if fixed[b] {
			t.Errorf("app %q gets the fixed name %q", app, b)
		}
		if prev, ok := seen[b]; ok && prev != app {
			t.Errorf("apps %q and %q share backend %q", prev, app, b)
		}
		seen[b] = app
	}
}

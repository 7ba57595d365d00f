package haproxy

import (
	"fmt"

	"github.com/haloydev/haloy/labels"
)

// routes collects the frontend's rules before they are written in the
// order HAProxy needs: ACLs, redirects, then backend choices.
type routes struct {
	acls          []string
	known         []string        // exact canonical hosts of all apps
	redirects     []aliasRedirect // exact aliases: these always win
	wildRedirects []aliasRedirect // wildcard aliases: only for hosts no app serves exactly
	exact         []string        // use_backend for exact hosts: these beat wildcards
	wild          []string        // use_backend for wildcard hosts
}

func renderFrontend(w *writer, apps []App, s Settings) {
	var r routes
	for _, a := range apps {
		r.addApp(a, s.ServingMap)
	}
	renderHTTPFrontend(w, &r, s)
	if !s.TLS.Enabled() {
		return
	}
	alpnLayout := tlsALPNLayout(apps, s)
	if alpnLayout {
		renderTLSFrontDoor(w, s)
	}
	renderHTTPSFrontend(w, &r, s, alpnLayout)
}

// renderHTTPFrontend writes the plain-HTTP frontend. Beside an HTTPS
// frontend it redirects hosts with a valid certificate to HTTPS, except
// ACME challenges.
func renderHTTPFrontend(w *writer, r *routes, s Settings) {
	w.section("frontend " + FrontendHTTP)
	w.line("bind %s:%d", s.BindAddress, s.HTTPPort)
	w.line("http-request set-var(%s) req.hdr(host),field(1,:),lower", hostVar)
	w.lines(forwardingLines("http", s.TrustedProxies))
	w.line("acl acme_challenge path_beg %s", ChallengePath)
	mode := redirectHTTP
	if s.TLS.Enabled() {
		mode = redirectHTTPWithTLS
		for _, acl := range hostsFileACL(s.TLS) {
			w.line("%s", acl)
		}
	}
	w.lines(r.acls)
	r.writeRedirects(w, mode)
	if mode == redirectHTTPWithTLS {
		w.line("http-request redirect scheme https code 301 if %s !acme_challenge", hasCertACL)
	}
	r.writeBackends(w)
}

// writeBackends writes the backend choices: challenges first, then exact
// hosts, wildcard hosts, and the 404 page for everything else.
func (r *routes) writeBackends(w *writer) {
	w.line("use_backend %s if acme_challenge", BackendChallenge)
	w.lines(r.exact)
	w.lines(r.wild)
	w.line("default_backend %s", BackendNotFound)
}

// addApp routes the app's canonical domains to its backend and redirects
// their aliases. An app with variants routes each variant's domains to
// the variant's backend only while the serving map names that backend
// (see Settings.ServingMap), so switching variants is a runtime change.
func (r *routes) addApp(a App, servingMap string) {
	if len(a.Variants) == 0 {
		r.addRoute(a, a.Name, BackendName(a.Name), "")
		return
	}
	for _, v := range a.Variants {
		backend := VariantBackendName(a.Name, v.Key)
		serves := aclName(aclServes, a.Name+"."+v.Key, -1)
		r.acls = append(r.acls, fmt.Sprintf("acl %s str(%s),map(%s) -m str %s", serves, a.Name, word(servingMap), backend))
		r.addRoute(a.variantApp(v), a.Name+"."+v.Key, backend, " "+serves)
	}
}

// addRoute routes a's domains to backend when cond (" acl ...", or "")
// holds; id names the ACLs. Aliases of a wildcard domain have no single
// name to redirect to, so they are served directly instead.
func (r *routes) addRoute(a App, id, backend, cond string) {
	var served []string
	for _, d := range a.Domains {
		served = append(served, d.Canonical)
		if isWildcard(d.Canonical) {
			served = append(served, d.Aliases...)
		}
	}
	hosts := newHostSet(served)
	acl, wild := aclName(aclHost, id, -1), aclName(aclHostWild, id, -1)
	r.acls = append(r.acls, hosts.aclLines(acl, wild)...)
	r.known = append(r.known, hosts.exact...)
	if len(hosts.exact) > 0 {
		r.exact = append(r.exact, fmt.Sprintf("use_backend %s if %s%s", backend, acl, cond))
	}
	if len(hosts.suffixes) > 0 {
		r.wild = append(r.wild, fmt.Sprintf("use_backend %s if %s%s", backend, wild, cond))
	}
	for i, d := range sortedDomains(a.Domains) {
		if !isWildcard(d.Canonical) && len(d.Aliases) > 0 {
			r.addAliases(aclName(aclAlias, id, i), aclName(aclAliasWild, id, i), cond, d)
		}
	}
}

// addAliases redirects d's aliases to d.Canonical, keeping path and
// query, when cond holds; acl and wild name the ACLs of its exact and
// wildcard aliases.
func (r *routes) addAliases(acl, wild, cond string, d labels.Domain) {
	aliases := newHostSet(d.Aliases)
	r.acls = append(r.acls, aliases.aclLines(acl, wild)...)
	if len(aliases.exact) > 0 {
		r.redirects = append(r.redirects, aliasRedirect{cond: acl + cond, canonical: d.Canonical})
	}
	if len(aliases.suffixes) > 0 {
		r.wildRedirects = append(r.wildRedirects, aliasRedirect{cond: wild + cond, canonical: d.Canonical})
	}
}

// writeRedirects writes the alias redirects for mode: exact aliases, then
// wildcard ones, which must not catch a host that some app serves under
// its exact name.
func (r *routes) writeRedirects(w *writer, mode redirectMode) {
	for _, a := range r.redirects {
		w.lines(a.lines(mode, ""))
	}
	if len(r.wildRedirects) == 0 {
		return
	}
	extra := ""
	if len(r.known) > 0 {
		w.lines(newHostSet(r.known).aclLines(knownHostACL, ""))
		extra = " !known_host"
	}
	for _, a := range r.wildRedirects {
		w.lines(a.lines(mode, extra))
	}
}

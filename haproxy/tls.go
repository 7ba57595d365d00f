package haproxy

import "strings"

// Names and values of the HTTPS parts of the configuration.
const (
	// FrontendHTTPS is the TLS-terminating frontend.
	FrontendHTTPS = "haloy_https"
	// DefaultHTTPSPort is the port the HTTPS frontend binds in the container.
	DefaultHTTPSPort = 443
	// ALPN is the protocol list offered to clients: HTTP/2, then HTTP/1.1.
	ALPN = "h2,http/1.1"
	// hasCertACL matches requests whose host a valid certificate covers.
	hasCertACL = "has_cert"
)

// TLS configures the HTTPS frontend. Certificates are not part of the
// rendered text: HAProxy reads them from CrtList and DefaultCert, and the
// sidecar adds and replaces them through the runtime API (see
// Runtime.SetCertificate), so a new certificate never changes the
// configuration and never needs a reload. HostsFile lists the host names
// a valid certificate covers; only those are redirected from HTTP to HTTPS.
// The sidecar updates it at run time as well (Runtime.AddACLEntry). All
// three files must exist before HAProxy loads the configuration.
type TLS struct {
	// Port is the port the HTTPS frontend binds; 0 renders no HTTPS frontend.
	Port int
	// DefaultCert is the PEM bundle served to clients whose SNI no other
	// certificate matches (a self-signed fallback), as HAProxy sees it.
	DefaultCert string
	// CrtList is the crt-list file of the issued certificates.
	CrtList string
	// HostsFile lists, one per line, the host names with a valid certificate.
	HostsFile string
	// InternalSocket is the unix socket the HTTPS frontend binds behind the
	// TCP frontend of the TLS-ALPN-01 layout (default DefaultHTTPSSocket).
	InternalSocket string
}

// Enabled reports whether an HTTPS frontend is rendered.
func (t TLS) Enabled() bool { return t.Port != 0 }

// renderHTTPSFrontend writes the TLS-terminating frontend: the same routes
// as the HTTP frontend, with aliases redirected to their canonical domain
// over HTTPS.
func renderHTTPSFrontend(w *writer, r *routes, s Settings, alpnLayout bool) {
	t := s.TLS
	w.section("frontend " + FrontendHTTPS)
	for _, bind := range httpsBinds(s, alpnLayout) {
		w.line("bind %s ssl crt %s crt-list %s alpn %s", bind, word(t.DefaultCert), word(t.CrtList), ALPN)
	}
	w.line("http-request set-var(%s) req.hdr(host),field(1,:),lower", hostVar)
	w.lines(forwardingLines("https", s.TrustedProxies))
	w.line("acl acme_challenge path_beg %s", ChallengePath)
	w.lines(r.acls)
	r.writeRedirects(w, redirectHTTPS)
	r.writeBackends(w)
}

// hostsFileACL declares hasCertACL, matching hosts listed in the hosts
// file, and hosts one label under a listed wildcard (a.example.com under
// *.example.com: the first label replaced by "*" is looked up). Both lines
// read the same file, so one runtime change updates both.
func hostsFileACL(t TLS) []string {
	file := word(t.HostsFile)
	return []string{
		"acl " + hasCertACL + " var(" + hostVar + ") -m str -f " + file,
		"acl " + hasCertACL + " var(" + hostVar + "),regsub(^[^.]+[.],*.) -m str -f " + file,
	}
}

// redirectMode says how a frontend redirects aliases.
type redirectMode int

const (
	// redirectHTTP: plain HTTP without TLS; aliases go to http://.
	redirectHTTP redirectMode = iota
	// redirectHTTPWithTLS: plain HTTP beside an HTTPS frontend; aliases
	// and canonical hosts with a valid certificate go to https://.
	redirectHTTPWithTLS
	// redirectHTTPS: the HTTPS frontend; aliases go to https://.
	redirectHTTPS
)

// aliasRedirect is the redirect of the aliases matched by cond to canonical.
type aliasRedirect struct {
	cond      string
	canonical string
}

// lines renders the redirect for mode; extra conditions are appended.
func (a aliasRedirect) lines(mode redirectMode, extra string) []string {
	to := func(scheme, cond string) string {
		return "http-request redirect prefix " + scheme + "://" + a.canonical + " code 301 if " +
			strings.TrimSpace(cond+" !acme_challenge"+extra)
	}
	switch mode {
	case redirectHTTPWithTLS:
		return []string{to("https", a.cond+" "+hasCertACL), to("http", a.cond)}
	case redirectHTTPS:
		return []string{to("https", a.cond)}
	}
	return []string{to("http", a.cond)}
}

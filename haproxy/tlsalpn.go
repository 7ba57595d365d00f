package haproxy

import "fmt"

// Names and values of the TLS-ALPN-01 layout of :443. Only when at least
// one routed app validates its certificates with TLS-ALPN-01 (App.TLSALPN)
// does a TCP-mode frontend own :443: it reads the ClientHello, passes
// connections that offer ALPN acme-tls/1 to the sidecar's TLS-ALPN
// listener untouched, and every other connection to the HTTPS frontend,
// which then listens only on a unix socket and learns the client's address from the
// PROXY protocol (v2). Without such an app :443 is the HTTPS frontend
// itself, with no extra hop.
const (
	// FrontendTLS is the TCP-mode frontend on :443 in the TLS-ALPN-01 layout.
	FrontendTLS = "haloy_tls"
	// BackendTLSALPN forwards acme-tls/1 connections to Settings.TLSALPNServer.
	BackendTLSALPN = "haloy_tlsalpn"
	// BackendHTTPS forwards every other TLS connection to the HTTPS frontend.
	BackendHTTPS = "haloy_https_internal"
	// DefaultsTCP names the defaults section of the TCP-mode sections.
	DefaultsTCP = "haloy_tcp"
	// ACMETLSALPN is the ALPN protocol of TLS-ALPN-01 validation (RFC 8737).
	ACMETLSALPN = "acme-tls/1"
	// DefaultTLSALPNServer is the sidecar's TLS-ALPN-01 listener.
	DefaultTLSALPNServer = "haloy-sidecar:8444"
	// DefaultHTTPSSocket is the unix socket the HTTPS frontend binds in
	// the TLS-ALPN-01 layout, inside the HAProxy container.
	DefaultHTTPSSocket = "/usr/local/etc/haproxy/run/https.sock"
	// helloInspectDelay bounds the wait for a client's TLS ClientHello.
	helloInspectDelay = "5s"
)

// tlsALPNLayout reports whether :443 gets the TCP-mode frontend: HTTPS is
// on and some app validates with TLS-ALPN-01.
func tlsALPNLayout(apps []App, s Settings) bool {
	if !s.TLS.Enabled() {
		return false
	}
	for _, a := range apps {
		if a.TLSALPN {
			return true
		}
	}
	return false
}

// renderTCPDefaults writes the defaults of the TCP-mode sections, which
// name it with "from": the HTTP defaults would make HAProxy warn about
// HTTP options in TCP mode.
func renderTCPDefaults(w *writer, t Timeouts) {
	w.section("defaults " + DefaultsTCP)
	w.lines([]string{"mode tcp", "log global", "option tcplog", "option dontlognull", "option dontlog-normal"})
	w.line("timeout connect %s", duration(t.Connect))
	w.line("timeout client %s", duration(t.Client))
	w.line("timeout server %s", duration(t.Server))
	w.line("timeout tunnel %s", duration(t.Tunnel))
}

// renderTLSFrontDoor writes the TCP-mode frontend on the HTTPS port and
// its two backends.
func renderTLSFrontDoor(w *writer, s Settings) {
	w.section("frontend " + FrontendTLS + " from " + DefaultsTCP)
	w.line("bind %s:%d", s.BindAddress, s.TLS.Port)
	w.line("tcp-request inspect-delay %s", helloInspectDelay)
	w.line("tcp-request content accept if { req.ssl_hello_type 1 }")
	w.line("use_backend %s if { req.ssl_alpn %s }", BackendTLSALPN, ACMETLSALPN)
	w.line("default_backend %s", BackendHTTPS)
	w.section("backend " + BackendTLSALPN + " from " + DefaultsTCP)
	w.line("server tlsalpn %s init-addr last,libc,none", word(s.TLSALPNServer))
	w.section("backend " + BackendHTTPS + " from " + DefaultsTCP)
	w.line("server https unix@%s send-proxy-v2", word(s.TLS.InternalSocket))
}

// httpsBinds are the bind addresses of the HTTPS frontend. The internal
// socket, taking the PROXY protocol, is bound in both layouts: after a
// reload back from the TLS-ALPN-01 layout the old worker still forwards
// the connections its TCP frontend accepted before, and they must find an
// HTTPS frontend there. The HTTPS port is bound too unless the TCP
// frontend owns it.
func httpsBinds(s Settings, alpnLayout bool) []string {
	binds := []string{"unix@" + word(s.TLS.InternalSocket) + " accept-proxy"}
	if !alpnLayout {
		binds = append(binds, fmt.Sprintf("%s:%d", s.BindAddress, s.TLS.Port))
	}
	return binds
}

// TLSALPN reports whether some app of the model validates with
// TLS-ALPN-01: rendered with HTTPS on, its configuration then has the
// TLS-ALPN layout, which passes acme-tls/1 connections to the sidecar.
func (m Model) TLSALPN() bool {
	for _, a := range m.Apps {
		if a.TLSALPN {
			return true
		}
	}
	return false
}

package haproxy

import "strings"

// trustedProxyACL matches connections from Settings.TrustedProxies.
const trustedProxyACL = "trusted_proxy"

// forwardingLines are a frontend's rules for the forwarded headers of
// requests arriving over scheme. A client's own values are removed, unless
// it connects from a trusted proxy, whose values are kept (and
// X-Forwarded-For appended to); headers a trusted proxy did not send are
// set. The headers are also taken out of the Connection header's list
// (each becomes "keep-alive", which HAProxy consumes and which is
// HTTP/1.1's default anyway), so that no hop-by-hop processing behind
// HAProxy (an app's own proxy) can strip them on a client's request.
func forwardingLines(scheme string, trusted []string) []string {
	var out []string
	cond := func(header string) string { return "" }
	if len(trusted) > 0 {
		out = append(out, aclValueLines("acl "+trustedProxyACL+" src", trusted)...)
		cond = func(header string) string {
			return " unless " + trustedProxyACL + " { req.hdr(" + strings.ToLower(header) + ") -m found }"
		}
	}
	out = append(out, `http-request replace-value Connection (?i)^[[:space:]]*x-forwarded-[a-z]*[[:space:]]*$ keep-alive`)
	if len(trusted) > 0 {
		out = append(out, "http-request del-header X-Forwarded-For unless "+trustedProxyACL)
	} else {
		out = append(out, "http-request del-header X-Forwarded-For")
	}
	out = append(out, "http-request set-header X-Forwarded-Proto "+scheme+cond("X-Forwarded-Proto"))
	out = append(out, "http-request set-header X-Forwarded-Host %[req.hdr(host)]"+cond("X-Forwarded-Host"))
	return out
}

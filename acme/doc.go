// Package acme obtains and renews TLS certificates for the sidecar with
// lego (ACME v2, HTTP-01 and TLS-ALPN-01 challenges).
//
// The pieces:
//
//   - HTTPProvider keeps the pending HTTP-01 challenge tokens in memory and
//     is the http.Handler for /.well-known/acme-challenge/; the sidecar
//     serves it and HAProxy routes that path to it.
//   - TLSALPNProvider keeps the pending TLS-ALPN-01 challenge certificates
//     in memory and serves them on a TLS listener that only speaks ALPN
//     acme-tls/1; HAProxy passes such connections on :443 to it.
//   - Store keeps certificates, their scheduling metadata and the ACME
//     accounts on disk, with private permissions and atomic writes.
//   - Manager decides per domain whether a certificate must be obtained
//     (none yet, names changed, renewal due by ACME Renewal Information or
//     by RenewBefore), talks to the CA only then, and backs off
//     exponentially after failures so that a broken domain stays well
//     inside the CA's failed-validation limits.
//   - Orders for HTTP-01 and TLS-ALPN-01 go through lego's Certifier with
//     Haloy's own resolver (parallelSolver): every name of an order is
//     presented and validated at the same time, and each authorization is
//     polled from 250 ms on. lego's resolver does the names one after the
//     other and first polls after 5 s when the CA sends no Retry-After (no
//     CA here does); for the challenge types still left to it, a 1 s
//     Retry-After is added to such answers (pollHintTransport).
//   - SelfSigned makes a throw-away certificate for HAProxy to serve until
//     a real one exists.
//
// Lego logs through its own default logger (package
// github.com/go-acme/lego/v5/log); the sidecar may redirect it with
// log.SetDefault. Manager logs its own decisions to Config.Logger.
package acme

// Package certs is the sidecar's certificate loop: it keeps a trusted
// certificate in HAProxy for every canonical domain of every routed app.
//
// The loop is level-triggered like routing, and follows it: it lists and
// decodes no containers, but reads what each reconcile pass observed (an
// observe.Snapshot). After the first pass, whenever a pass changes the
// routed domains (at once for a new one, after a short settle time when
// one only goes), when a certificate is due and at least hourly, it
// derives the domains HAProxy routes from the latest snapshot (Targets)
// and asks the acme.Manager to Ensure a certificate for each: one per
// canonical domain, its aliases as extra names, the app's
// dev.haloy.acme.email label or the sidecar's default e-mail as account.
// The Manager talks to the CA only when a certificate is missing, covers
// other names or is due, and backs off per domain after failures; a
// failing domain never delays routing, which runs in its own loop.
//
// How HAProxy gets the certificates: the Manager's store (on the sidecar's
// data volume, root-owned 0700/0600) is not readable by HAProxy, which
// runs as uid 99. Files copies each bundle into the shared HAProxy volume
// (certs/<domain>.pem, owned by HAProxy's user, mode 0600) and keeps two
// lists there: crt-list (the bundles, loaded by the HTTPS frontend) and
// hosts.lst (the host names a valid certificate covers; only those are
// redirected from HTTP to HTTPS). Installer then brings the running
// HAProxy in line through its runtime API: "set ssl cert" and "commit ssl
// cert" for new or renewed bundles, "add ssl crt-list" for new ones and
// "add/del acl" for the hosts list, so certificates change without a
// reload and without dropping connections. The files make a reload or a
// restarted HAProxy come back with the same state; only when the runtime
// API refuses a change does Installer reload HAProxy instead.
//
// Until a domain has its certificate, HAProxy answers HTTPS with a
// self-signed fallback (certs/default.pem) that the sidecar generates on
// the machine when it is missing or about to expire.
package certs

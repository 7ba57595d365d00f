// Package follow lets HAProxy instances on other nodes serve what the one
// leader sidecar routes. The leader publishes a State (the HAProxy
// settings, the routing model its own HAProxy runs, with task addresses
// and draining flags, and the certificates it installed) under a version
// that changes with every change; followers long-poll it over HTTP with a
// bearer token and drive their node-local HAProxy with the same apply and
// certificate installation code the leader uses. ACME challenges need no
// code here: the settings route them to the leader's sidecar by name, so
// a challenge is answered through any ingress node, and certificates are
// issued once, by the leader.
//
// A follower that loses the leader keeps serving what it last applied and
// reports the loss in its log and on its health endpoint.
package follow

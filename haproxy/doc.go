// Package haproxy turns the routing model into an HAProxy configuration and
// drives a running HAProxy through its runtime and master sockets.
//
// Rendering is pure and deterministic: the same Model and Settings always
// give the same bytes, which the golden files under testdata/ pin down.
package haproxy

// Package routing builds the routing model from the labelled containers the
// sidecar observed. It is pure: the same containers always give the same
// model and the same problems, so the sidecar can rebuild everything from
// the engine at any time.
package routing

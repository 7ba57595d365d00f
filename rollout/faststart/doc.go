// Package faststart holds the rule both deploy roads (one engine and a
// Swarm) follow for the HEALTHCHECK of new replicas: on an engine with a
// start interval, a replica of an image with a HEALTHCHECK and no start
// interval of its own is checked every StartInterval while it starts.
// It is pure: it reads an image's health configuration and an API
// version, and imports no Docker client.
package faststart

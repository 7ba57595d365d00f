// Package engine is the sidecar's narrow view of the Docker Engine: list the
// labelled containers, follow container events, and run a command in the
// HAProxy container. Everything else in the sidecar works on plain data.
package engine

// Package engine is the CLI's narrow view of the Docker Engine behind the
// current Docker context: networks, volumes, images and containers, which
// it creates from package spec's plain container specs (so it links no
// compose-go). It goes through the Docker API only, so a remote
// context (ssh:// or tcp+TLS) works exactly like the local engine.
package engine

// Package integration holds Haloy's end-to-end tests on a real Docker
// Engine with real HAProxy. They run only with HALOY_INTEGRATION=1 (and then
// fail, never skip, when the engine or images are missing); plain
// `go test ./...` skips them.
package integration

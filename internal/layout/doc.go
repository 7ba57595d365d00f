// Package layout states the repository's import rules as data and checks
// a package graph against them. The rules are DESIGN's: pure packages
// import no Docker client; the sidecar links neither docker/cli nor
// compose-go; the plugin's tree and the sidecar's tree never import each
// other (shared code lives in rollout/, wire/, routing/ and the other
// neutral packages); the command tree (cli-plugin/tree) and the
// standalone client (cli-plugin/remote) link no Docker client and no
// compose-go. The test beside it runs the check on this repository with
// `go list -deps -json`.
package layout

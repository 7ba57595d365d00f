// Package contract is the installation contract between `docker haloy
// init` and the sidecar, as package labels is the contract between
// whoever starts app containers and the sidecar: the names of Haloy's own
// Docker objects, the folders they mount, the environment variables and
// command-line flags init passes to the sidecar, and the reserved API app
// name. init writes these; the sidecar reads them. It imports only the
// standard library.
package contract
